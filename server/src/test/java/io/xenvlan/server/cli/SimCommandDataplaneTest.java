package io.xenvlan.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.sim.ovs.Exec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code xenvlan sim --datapath ovs}: hosts and running VMs become namespaces, and all of it goes at stop. */
@Tag("dataplane")
class SimCommandDataplaneTest {
    private final StringWriter out = new StringWriter();
    private final CommandLine cli = XenvlanCommand.commandLine(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));

    @Test
    void datapathOvs_buildsHostAndVmNamespacesAndRemovesThemAtStop() throws Exception {
        SimCommand command = cli.getSubcommands().get("sim").getCommand();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread runner = new Thread(() -> exit.set(cli.execute("sim", "--port", "0", "--hosts", "2", "--vms", "2",
                "--datapath", "ovs")));
        runner.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!out.toString().contains("network node") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        String printed = out.toString();
        Matcher tag = Pattern.compile("tag (xs[a-z0-9]{3})").matcher(printed);
        assertThat(tag.find()).as(printed).isTrue();
        String namespaces;
        try {
            namespaces = Exec.check(List.of("ip", "netns", "list")).stdout();
        } finally {
            command.stopSignal.countDown();
            runner.join(30_000);
        }
        assertThat(namespaces).contains(tag.group(1) + "-host1", tag.group(1) + "-host2", tag.group(1) + "-sw",
                tag.group(1) + "-vm1", tag.group(1) + "-vm2");
        assertThat(exit.get()).isZero();
        assertThat(Exec.check(List.of("ip", "netns", "list")).stdout()).doesNotContain(tag.group(1));
    }

    @Test
    void trunkNic_mustBeOneOfTheNics() {
        int code = cli.execute("sim", "--port", "0", "--datapath", "ovs", "--trunk-nic", "eth7");
        assertThat(code).isEqualTo(2);
    }
}
