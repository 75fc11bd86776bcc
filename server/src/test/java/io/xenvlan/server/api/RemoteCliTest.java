package io.xenvlan.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.server.ErrorMapping;
import io.xenvlan.server.cli.XenvlanCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI with {@code --server URL} prints what it prints on the database directly. */
class RemoteCliTest {
    @TempDir
    Path dir;

    private ApiFixture api;
    private Path adminToken;
    private Path p2Token;

    private record Run(int exit, String out, String err) {}

    @BeforeEach
    void start() throws Exception {
        api = ApiFixture.h2();
        adminToken = Files.writeString(dir.resolve("admin"), api.admin + "\n");
        p2Token = Files.writeString(dir.resolve("p2"), api.p2);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = XenvlanCommand.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Run remote(Path token, String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--server";
        all[args.length + 1] = api.base();
        all[args.length + 2] = "--token-file";
        all[args.length + 3] = token.toString();
        return run(all);
    }

    private Run local(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--db";
        all[args.length + 1] = api.database.url();
        return run(all);
    }

    @Test
    void networkProjectAndAddressCommands_printTheSameRemotelyAndLocally() {
        Run created = remote(adminToken, "network", "create", "--label", "cli", "--cidr", "10.70.0.0/23", "--num-networks", "2",
                "--network-size", "256", "--dns1", "9.9.9.9");
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).contains("cli_1", "cli_2", "10.70.1.0/24", "br101");

        assertThat(remote(adminToken, "project", "associate", "--project", "p2", "--network", "cli_2").exit()).isZero();
        Run alloc = remote(p2Token, "address", "allocate", "--project", "p2", "--instance", "vm-7", "--json");
        assertThat(alloc.exit()).as(alloc.err()).isZero();
        assertThat(alloc.out()).contains("\"address\" : \"10.70.1.3\"", "\"vlan\" : 101");

        for (String[] command : new String[][] {{"network", "list"}, {"network", "list", "--json"}, {"network", "show", "cli_2"},
                {"network", "show", "cli_2", "--json"}, {"address", "list"}, {"address", "list", "--json", "--all", "--network", "cli_2"}}) {
            Run r = remote(adminToken, command);
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).as(String.join(" ", command)).isEqualTo(local(command).out());
        }

        Run released = remote(p2Token, "address", "release", "--instance", "vm-7");
        assertThat(released.exit()).as(released.err()).isZero();
        assertThat(released.out()).contains("10.70.1.3");
        assertThat(remote(adminToken, "project", "disassociate", "--project", "p2").exit()).isZero();
        assertThat(remote(adminToken, "network", "delete", "cli_1").exit()).isZero();
        assertThat(local("network", "list").out()).doesNotContain("cli_1").contains("cli_2");
    }

    @Test
    void networkCreate_dnsDomain_shownRemotelyAsLocally_badOneRefusedNamingIt() {
        Run created = remote(adminToken, "network", "create", "--label", "corp", "--cidr", "10.76.0.0/24", "--dns-domain", "Corp.Example");
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).contains("DNS DOMAIN", "corp.example");
        assertThat(local("network", "create", "--label", "plain", "--cidr", "10.77.0.0/24").exit()).isZero();

        for (String[] command : new String[][] {{"network", "list"}, {"network", "list", "--json"}, {"network", "show", "corp"},
                {"network", "show", "corp", "--json"}, {"network", "show", "plain", "--json"}}) {
            Run r = remote(adminToken, command);
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).as(String.join(" ", command)).isEqualTo(local(command).out());
        }
        assertThat(local("network", "show", "corp").out()).containsPattern("dns_domain\\s+corp\\.example");
        assertThat(local("network", "show", "corp", "--json").out()).contains("\"dns_domain\" : \"corp.example\"");
        assertThat(local("network", "show", "plain", "--json").out()).contains("\"dns_domain\" : null");

        for (boolean viaServer : new boolean[] {true, false}) {
            String[] bad = {"network", "create", "--label", "bad", "--cidr", "10.78.0.0/24", "--dns-domain", "corp_net.example"};
            Run r = viaServer ? remote(adminToken, bad) : local(bad);
            assertThat(r.exit()).as(r.err()).isEqualTo(ErrorMapping.EXIT_INVALID_INPUT);
            assertThat(r.err()).startsWith("error: dns_domain: 'corp_net.example' is not a DNS domain");
        }
        assertThat(local("network", "list").out()).doesNotContain("bad");
    }

    @Test
    void errors_exitWithTheSameCodeAsLocally() {
        remote(adminToken, "network", "create", "--label", "cli", "--cidr", "10.70.0.0/24");
        Run missing = remote(adminToken, "network", "show", "nope");
        assertThat(missing.exit()).isEqualTo(ErrorMapping.EXIT_NOT_FOUND).isEqualTo(local("network", "show", "nope").exit());
        assertThat(missing.err()).isEqualTo(local("network", "show", "nope").err());
        assertThat(remote(adminToken, "network", "create", "--label", "x", "--cidr", "10.70.0.0/24").exit())
                .isEqualTo(ErrorMapping.EXIT_CONFLICT);
        assertThat(remote(adminToken, "network", "create", "--label", "x", "--cidr", "10.71.0.1/24").exit())
                .isEqualTo(ErrorMapping.EXIT_INVALID_INPUT);
        assertThat(remote(p2Token, "network", "show", "cli").exit()).isEqualTo(ErrorMapping.EXIT_AUTH);
        assertThat(remote(p2Token, "network", "create", "--label", "y", "--cidr", "10.72.0.0/24").exit()).isEqualTo(ErrorMapping.EXIT_AUTH);
    }

    @Test
    void nodeHandover_remoteAndLocal() {
        remote(adminToken, "network", "create", "--label", "h", "--cidr", "10.70.0.0/24");
        remote(adminToken, "project", "associate", "--project", "p1");
        Run r = remote(adminToken, "node", "handover", "h", "--to", "node-b", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"host\" : \"node-b\"");
        Run l = local("node", "handover", "h", "--to", "node-c");
        assertThat(l.exit()).as(l.err()).isZero();
        assertThat(l.out()).contains("node-c");
    }

    @Test
    void nodeListAndDrain_remoteAndLocal() {
        remote(adminToken, "network", "create", "--label", "d", "--cidr", "10.71.0.0/24");
        remote(adminToken, "project", "associate", "--project", "p1");
        api.store.renewLease("node-d", java.time.Duration.ofMinutes(5), 10);
        api.store.claimLeased("node-d", 10);

        Run list = remote(adminToken, "node", "list");
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out()).contains("node-d", "alive").containsPattern("node-d +alive +\\d+\\.\\d s +1");
        assertThat(local("node", "list").out()).contains("node-d", "alive");

        Run drain = remote(adminToken, "node", "drain", "node-d", "--json");
        assertThat(drain.exit()).as(drain.err()).isZero();
        assertThat(drain.out()).contains("\"draining\" : true");
        assertThat(api.store.renewLease("node-d", java.time.Duration.ofMinutes(5), 10).draining()).isTrue();
        assertThat(local("node", "drain", "node-d", "--undo").exit()).isZero();
        assertThat(api.store.renewLease("node-d", java.time.Duration.ofMinutes(5), 10).draining()).isFalse();

        Run unknown = remote(adminToken, "node", "drain", "nobody");
        assertThat(unknown.exit()).isNotZero();
        assertThat(unknown.err()).contains("nobody");
    }

    /** Two networks and the simulated pool as {@code lab}, through the server; the pool add's output. */
    private Run addLabPool(io.xenvlan.sim.PoolSimulator sim) throws Exception {
        Path password = Files.writeString(api.poolSecrets.resolve("lab.password"), io.xenvlan.sim.SimulatorConfig.DEFAULT_PASSWORD);
        remote(adminToken, "network", "create", "--label", "v", "--cidr", "10.75.0.0/23", "--num-networks", "2");
        return remote(adminToken, "pool", "add", "--name", "lab", "--url", sim.url().toString(), "--user", "root",
                "--password-file", password.toString());
    }

    private static String firstVm(io.xenvlan.sim.PoolSimulator sim) {
        return sim.guests().values().stream()
                .map(v -> (String) v.get("uuid")).sorted().findFirst().orElseThrow();
    }

    @Test
    void poolAndVifCommands_printTheSameRemotelyAndLocally() throws Exception {
        try (io.xenvlan.sim.PoolSimulator sim = io.xenvlan.sim.PoolSimulator.start(
                io.xenvlan.sim.SimulatorConfig.builder().hosts(2).vms(3).port(0).build())) {
            Run added = addLabPool(sim);
            assertThat(added.exit()).as(added.err()).isZero();
            assertThat(added.out()).contains("lab", "bridge").doesNotContain("root").doesNotContain("lab.password");
            assertThat(remote(adminToken, "pool", "list").out()).isEqualTo(local("pool", "list").out());

            String vm = firstVm(sim);
            Run attached = remote(p2Token, "vif", "attach", "--project", "p2", "--pool", "lab", "--vm", vm);
            assertThat(attached.exit()).as(attached.err()).isZero();
            assertThat(attached.out()).contains(vm, "10.75.0.3", "br100", "OpaqueRef:", "true");
            for (String[] command : new String[][] {{"vif", "list"}, {"vif", "list", "--json"}, {"vif", "list", "--pool", "lab", "--vm", vm}}) {
                Run r = remote(adminToken, command);
                assertThat(r.exit()).as(r.err()).isZero();
                assertThat(r.out()).as(String.join(" ", command)).isEqualTo(local(command).out());
            }
            Run detached = remote(p2Token, "vif", "detach", "--pool", "lab", "--vm", vm);
            assertThat(detached.exit()).as(detached.err()).isZero();
            assertThat(detached.out()).contains("10.75.0.3");
            assertThat(remote(adminToken, "vif", "list").out()).contains("no VIFs");
            assertThat(remote(adminToken, "pool", "remove", "lab").exit()).isZero();
            assertThat(local("pool", "list").out()).contains("no pools");
        }
    }

    @Test
    void audit_printsDriftRepairsAndExitsWithDriftFound() throws Exception {
        try (io.xenvlan.sim.PoolSimulator sim = io.xenvlan.sim.PoolSimulator.start(
                io.xenvlan.sim.SimulatorConfig.builder().hosts(2).vms(3).port(0).build())) {
            assertThat(addLabPool(sim).exit()).isZero();
            assertThat(remote(p2Token, "vif", "attach", "--project", "p2", "--pool", "lab", "--vm", firstVm(sim)).exit()).isZero();
            Run clean = local("audit");
            assertThat(clean.exit()).as(clean.err()).isZero();
            assertThat(clean.out()).contains("no drift");

            String lostHost = PoolDrift.destroyOneVlanPif(sim, 100);
            sim.addHost("late");
            sim.createNetwork("br100", "");

            Run drift = remote(adminToken, "audit", "--pool", "lab");
            assertThat(drift.exit()).as(drift.err()).isEqualTo(ErrorMapping.EXIT_DRIFT);
            assertThat(drift.out()).contains("POOL", "REPAIRABLE", "VLAN_PIF_MISSING", lostHost, "late", "DUPLICATE_NETWORK", "br100");
            assertThat(local("audit", "--pool", "lab").out()).isEqualTo(drift.out());
            assertThat(remote(p2Token, "audit").exit()).isEqualTo(ErrorMapping.EXIT_AUTH);
            assertThat(local("audit", "--pool", "nope").exit()).isEqualTo(ErrorMapping.EXIT_NOT_FOUND);

            Run repaired = remote(adminToken, "audit", "--repair", "--json");
            assertThat(repaired.exit()).as(repaired.err()).isEqualTo(ErrorMapping.EXIT_DRIFT);
            assertThat(repaired.out()).contains("\"DUPLICATE_NETWORK\"").doesNotContain("VLAN_PIF_MISSING");
            assertThat(PoolDrift.hostsWithVlan(sim, 100)).hasSize(3);
            Run local = local("audit", "--repair");
            assertThat(local.exit()).isEqualTo(ErrorMapping.EXIT_DRIFT);
            assertThat(local.out()).contains("DUPLICATE_NETWORK").doesNotContain("VLAN_PIF_MISSING");
        }
    }

    @Test
    void poolInventoryCommands_printTheSameRemotelyAndLocally() throws Exception {
        try (io.xenvlan.sim.PoolSimulator sim = io.xenvlan.sim.PoolSimulator.start(
                io.xenvlan.sim.SimulatorConfig.builder().hosts(2).vms(3).port(0).build())) {
            assertThat(addLabPool(sim).exit()).isZero();
            String vm = firstVm(sim);
            Run attached = remote(p2Token, "vif", "attach", "--project", "p2", "--pool", "lab", "--vm", vm, "--json");
            assertThat(attached.exit()).as(attached.err()).isZero();

            for (String[] command : new String[][] {{"pool", "hosts", "lab"}, {"pool", "hosts", "lab", "--json"}, {"pool", "vms", "lab"},
                    {"pool", "vms", "lab", "--json"}, {"pool", "list", "--hosts"}, {"pool", "list", "--hosts", "--json"}}) {
                Run r = remote(adminToken, command);
                assertThat(r.exit()).as(r.err()).isZero();
                assertThat(r.out()).as(String.join(" ", command)).isEqualTo(local(command).out());
            }
            Run hosts = remote(adminToken, "pool", "hosts", "lab");
            assertThat(hosts.out()).contains("NAME", "UUID", "ADDRESS", "ENABLED");
            sim.hosts().forEach(h -> assertThat(hosts.out()).contains(h.name(), h.uuid(), h.address()));
            Run vms = remote(adminToken, "pool", "vms", "lab");
            assertThat(vms.out()).contains("POWER STATE", "XENVLAN VIFS", vm, "Running");
            String mac = attached.out().replaceAll("(?s).*\"mac\" : \"([^\"]+)\".*", "$1");
            assertThat(vms.out().lines().filter(l -> l.contains(vm))).singleElement().asString().contains(mac, "10.75.");
            sim.guests().values().forEach(g -> assertThat(vms.out()).contains((String) g.get("name_label")));
            assertThat(remote(adminToken, "pool", "list", "--hosts").out()).contains("HOSTS", sim.hosts().get(0).name());
            assertThat(remote(adminToken, "pool", "list").out()).doesNotContain("HOSTS");

            Run forbidden = remote(p2Token, "pool", "vms", "lab");
            assertThat(forbidden.exit()).isEqualTo(ErrorMapping.EXIT_AUTH);
            assertThat(local("pool", "hosts", "nope").exit()).isEqualTo(ErrorMapping.EXIT_NOT_FOUND);
            assertThat(remote(adminToken, "pool", "vms", "nope").exit()).isEqualTo(ErrorMapping.EXIT_NOT_FOUND);
        }
    }
}
