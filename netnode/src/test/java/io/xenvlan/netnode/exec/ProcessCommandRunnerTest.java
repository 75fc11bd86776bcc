package io.xenvlan.netnode.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.BackendFailureException;
import io.xenvlan.core.netnode.NamespaceName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProcessCommandRunnerTest {
    private final ProcessCommandRunner runner = new ProcessCommandRunner(Duration.ofSeconds(5));

    @Test
    void run_argumentsAreNeverInterpreted() {
        CommandResult r = runner.run(Command.change("printf", "%s|", "a b", "$(id)", ";reboot"));
        assertThat(r.ok()).isTrue();
        assertThat(r.stdout()).isEqualTo("a b|$(id)|;reboot|");
    }

    @Test
    void check_failureKeepsExitCodeAndStderr() {
        assertThatThrownBy(() -> runner.check(Command.change("ls", "/no/such/dir")))
                .isInstanceOfSatisfying(BackendFailureException.class, e -> {
                    assertThat(e.backend()).isEqualTo("ls");
                    assertThat(e.errorCode()).isEqualTo("EXIT_2");
                    assertThat(e.params().get(1)).contains("No such file");
                });
    }

    @Test
    void run_missingProgram() {
        assertThatThrownBy(() -> runner.run(Command.change("no-such-program-xv")))
                .isInstanceOfSatisfying(BackendFailureException.class, e -> assertThat(e.errorCode()).isEqualTo("NOT_RUNNABLE"));
    }

    @Test
    void run_timeout() {
        ProcessCommandRunner quick = new ProcessCommandRunner(Duration.ofMillis(200));
        assertThatThrownBy(() -> quick.run(Command.change("sleep", "5")))
                .isInstanceOfSatisfying(BackendFailureException.class, e -> assertThat(e.errorCode()).isEqualTo("TIMEOUT"));
    }

    @Test
    void command_inNamespace_andQuotedDisplay() {
        Command c = Command.change("dnsmasq", "--conf-file=", "a b").in(Optional.of(new NamespaceName("nn")));
        assertThat(c.argv()).containsExactly("ip", "netns", "exec", "nn", "dnsmasq", "--conf-file=", "a b");
        assertThat(c).hasToString("ip netns exec nn dnsmasq --conf-file= 'a b'");
    }

    @Test
    void reportingRunner_recordsAndAnswersQueriesAbsent() {
        ReportingCommandRunner report = new ReportingCommandRunner();
        assertThat(report.run(Command.query("ip", "link", "show", "dev", "x")).ok()).isFalse();
        assertThat(report.run(Command.change("ip", "link", "add", "x", "type", "veth")).ok()).isTrue();
        RunningProcess p = report.start(Command.change("dnsmasq", "-k"), java.nio.file.Path.of("/dev/null"));
        p.hangUp();
        assertThat(report.report()).containsExactly("ip link add x type veth", "dnsmasq -k", "kill -s HUP " + p.pid());
        assertThat(report.commands()).hasSize(4);
        assertThat(report.executes()).isFalse();
        assertThat(List.of(p.isAlive())).containsExactly(true);
    }
}
