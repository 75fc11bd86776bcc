package io.xenvlan.netnode.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.core.error.BackendFailureException;
import io.xenvlan.netnode.exec.Command;
import io.xenvlan.netnode.exec.CommandResult;
import io.xenvlan.netnode.exec.CommandRunner;
import io.xenvlan.netnode.exec.LineSession;
import io.xenvlan.netnode.exec.RunningProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * How the switch's refreshes use the kept {@code nft}: a late answer costs that refresh a process
 * and the next one a new session (a loaded machine is not a broken nft); sessions that fail
 * outright three times in a row are given up for a process per refresh.
 */
class LegDeadManTest {

    @Test
    void lateAnswers_neverGiveTheSessionUp() {
        Sessions runner = new Sessions();
        for (int i = 0; i < 5; i++) {
            runner.next.add(line -> {
                throw new BackendFailureException("nft", "TIMEOUT", List.of(), "no answer", null);
            });
        }
        runner.next.add(line -> List.of("add element ip xenvlan_alive alive { ether timeout 4s }",
                "add element arp xenvlan_alive alive { ether timeout 4s }"));
        LegDeadMan deadMan = LegDeadMan.over(runner, Optional.empty(), "xg");

        for (int i = 0; i < 6; i++) {
            deadMan.refresh(Duration.ofSeconds(4));
        }

        assertThat(runner.opened.get()).as("a new session after each late one").isEqualTo(6);
        assertThat(runner.processes.get()).as("refreshes run as a process").isEqualTo(5);
        assertThat(runner.closed.get()).as("late sessions killed").isEqualTo(5);
    }

    @Test
    void sessionsThatFailOutright_areGivenUpAfterThree() {
        Sessions runner = new Sessions();
        for (int i = 0; i < 3; i++) {
            runner.next.add(line -> List.of("Error: syntax error, unexpected end of file", line));
        }
        LegDeadMan deadMan = LegDeadMan.over(runner, Optional.empty(), "xg");

        for (int i = 0; i < 5; i++) {
            deadMan.refresh(Duration.ofSeconds(4));
        }

        assertThat(runner.opened.get()).isEqualTo(3);
        assertThat(runner.processes.get()).isEqualTo(5);
    }

    /** Hands out scripted sessions (each answers its first request as told) and counts processes run. */
    private static final class Sessions implements CommandRunner {
        final Deque<Function<String, List<String>>> next = new ArrayDeque<>();
        final AtomicInteger opened = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
        final AtomicInteger processes = new AtomicInteger();

        @Override
        public CommandResult run(Command command) {
            processes.incrementAndGet();
            return new CommandResult(0, "", "");
        }

        @Override
        public RunningProcess start(Command command, Path log) {
            throw new UnsupportedOperationException("the switch starts no process");
        }

        @Override
        public Optional<LineSession> open(Command command) {
            opened.incrementAndGet();
            Function<String, List<String>> answer = next.poll();
            return Optional.of(new LineSession() {
                @Override
                public List<String> ask(String line, int answers, Duration within) {
                    if (answer == null) {
                        throw new BackendFailureException("nft", "ENDED", List.of(), "ended", null);
                    }
                    return answer.apply(line);
                }

                @Override
                public void close() {
                    closed.incrementAndGet();
                }
            });
        }
    }
}
