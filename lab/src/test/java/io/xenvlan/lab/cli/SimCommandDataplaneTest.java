package io.xenvlan.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.xenvlan.core.testing.Eventually;
import io.xenvlan.sim.SimulatorConfig;
import io.xenvlan.sim.ovs.Exec;
import io.xenvlan.sim.ovs.ExecResult;
import io.xenvlan.xenapi.client.Password;
import io.xenvlan.xenapi.client.VmRecord;
import io.xenvlan.xenapi.client.XenApiClient;
import io.xenvlan.xenapi.client.XenApiClientConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code xenvlan sim --datapath ovs}: hosts and running VMs become namespaces, and all of it goes at stop. */
@Tag("dataplane")
class SimCommandDataplaneTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final StringWriter out = new StringWriter();
    private final CommandLine cli = LabCommands.commandLine(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));

    @Test
    void datapathOvs_buildsHostAndVmNamespacesAndRemovesThemAtStop() throws Exception {
        SimCommand command = cli.getSubcommands().get("sim").getCommand();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread runner = new Thread(() -> exit.set(cli.execute("sim", "--port", "0", "--hosts", "2", "--vms", "2",
                "--datapath", "ovs")));
        runner.start();
        Eventually.await("the simulator's banner", Duration.ofSeconds(60), () -> out.toString().contains("network node"));
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
    void netnode_servesTheCliStoreSoAnAttachedVmGetsItsAddressByDhcp_andIsReachedFromOutsideByItsFloatingIp(@TempDir Path dir)
            throws Exception {
        SimCommand command = cli.getSubcommands().get("sim").getCommand();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x")); // dnsmasq re-reads its files as nobody
        String state = dir.resolve("state").toString();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread runner = new Thread(() -> exit.set(cli.execute("sim", "--port", "0", "--hosts", "2", "--vms", "2",
                "--datapath", "ovs", "--netnode", "--state-dir", state)));
        runner.start();
        String tag = null;
        try {
            Eventually.await("the simulator's banner", Duration.ofSeconds(60), () -> out.toString().contains("Stop with Ctrl-C"));
            String printed = out.toString();
            Matcher tagged = Pattern.compile("tag (xs[a-z0-9]{3})").matcher(printed);
            Matcher url = Pattern.compile("XML-RPC +(http://\\S+)").matcher(printed);
            assertThat(tagged.find() && url.find()).as(printed).isTrue();
            assertThat(printed).contains("network node  namespace " + tagged.group(1) + "-nn");
            tag = tagged.group(1);
            // the sim holds the store, so the commands below go through it, and its API reads pool passwords only from pool-secrets
            Path password = Files.writeString(Files.createDirectories(Path.of(state, "pool-secrets")).resolve("lab.password"),
                    SimulatorConfig.DEFAULT_PASSWORD + "\n");
            String vm1;
            try (XenApiClient xapi = XenApiClient.create(XenApiClientConfig.builder(URI.create(url.group(1)), "root",
                    Password.of(SimulatorConfig.DEFAULT_PASSWORD)).build())) {
                vm1 = xapi.vms().getAllRecords().values().stream().filter(vm -> vm.nameLabel().equals("vm1"))
                        .map(VmRecord::uuid).findFirst().orElseThrow();
            }

            ops("network", "create", "--label", "lab", "--cidr", "10.77.0.0/24", "--state-dir", state);
            ops("pool", "add", "--name", "lab", "--url", url.group(1), "--user", "root", "--password-file", password.toString(),
                    "--state-dir", state);
            String attached = ops("vif", "attach", "--project", "p1", "--pool", "lab", "--vm", vm1, "--json", "--state-dir", state);
            String address = JSON.readTree(attached).get("address").asText();
            String nic = "eth" + JSON.readTree(attached).get("device").asText();

            assertThat(dhcp(tag + "-vm1", nic)).isEqualTo(address);
            Eventually.await("dnsmasq's lease event to reach the store through the node's spool", Duration.ofSeconds(20),
                    () -> ops("address", "list", "--project", "p1", "--json", "--state-dir", state)
                            .matches("(?s).*\"leased\" ?: ?true.*"));

            // the internet: a floating IP of the VM answers there
            assertThat(printed).contains("outside       namespace " + tag + "-outside, address 203.0.113.1");
            Exec.check(List.of("ip", "-n", tag + "-vm1", "addr", "add", address + "/24", "dev", nic));
            Exec.check(List.of("ip", "-n", tag + "-vm1", "route", "add", "default", "via", "10.77.0.1"));
            ops("floating", "create", "--range", "203.0.113.128/25", "--pool", "public", "--state-dir", state);
            String fip = JSON.readTree(ops("floating", "allocate", "--project", "p1", "--json", "--state-dir", state)).get("address").asText();
            ops("floating", "associate", "--address", fip, "--vm", vm1, "--state-dir", state);
            String outside = tag + "-outside";
            Eventually.await("the VM to answer from outside by its floating IP " + fip, Duration.ofSeconds(20),
                    () -> Exec.run(List.of("ip", "netns", "exec", outside, "ping", "-c", "1", "-W", "1", fip)).ok());
        } finally {
            command.stopSignal.countDown();
            runner.join(30_000);
        }
        assertThat(exit.get()).isZero();
        assertThat(Exec.check(List.of("ip", "netns", "list")).stdout()).doesNotContain(tag);
    }

    private String ops(String... args) {
        StringWriter opsOut = new StringWriter();
        StringWriter opsErr = new StringWriter();
        int code = LabCommands.commandLine(new PrintWriter(opsOut, true), new PrintWriter(opsErr, true)).execute(args);
        assertThat(code).as(String.join(" ", args) + ": " + opsOut + opsErr).isZero();
        return opsOut.toString();
    }

    /** The address udhcpc in the VM's namespace is offered on the NIC. */
    private static String dhcp(String namespace, String nic) {
        ExecResult r = Exec.run(List.of("ip", "netns", "exec", namespace, "udhcpc", "-i", nic, "-f", "-q", "-n", "-t", "15",
                "-T", "1", "-s", "/bin/true"), Duration.ofSeconds(40));
        Matcher lease = Pattern.compile("lease of ([0-9.]+) obtained").matcher(r.stdout() + r.stderr());
        assertThat(lease.find()).as(r.stdout() + r.stderr()).isTrue();
        return lease.group(1);
    }

    @Test
    void netnode_needsTheOvsDatapath() {
        assertThat(cli.execute("sim", "--port", "0", "--netnode")).isEqualTo(2);
    }

    @Test
    void trunkNic_mustBeOneOfTheNics() {
        int code = cli.execute("sim", "--port", "0", "--datapath", "ovs", "--trunk-nic", "eth7");
        assertThat(code).isEqualTo(2);
    }
}
