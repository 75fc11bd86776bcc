package io.xenvlan.sim.ovs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A private Open vSwitch: ovsdb-server with its database under {@code dir} and ovs-vswitchd
 * running inside a network namespace (the userspace datapath makes one {@code ovs-netdev} tap
 * per namespace, so each switch needs a namespace of its own). Both detach once ready; they
 * are stopped through their pid files.
 */
final class OvsDaemons {
    static final Path SCHEMA = Path.of("/usr/share/openvswitch/vswitch.ovsschema");

    private final Path dir;

    private OvsDaemons(Path dir) {
        this.dir = dir;
    }

    static OvsDaemons start(Path dir, String namespace) {
        OvsDaemons ovs = new OvsDaemons(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new DataPlaneException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        String db = dir.resolve("conf.db").toString();
        try {
            Exec.check(List.of("ovsdb-tool", "create", db, SCHEMA.toString()));
            Exec.check(List.of("ovsdb-server", "--remote=punix:" + dir.resolve("db.sock"),
                    "--pidfile=" + dir.resolve("ovsdb-server.pid"), "--unixctl=" + dir.resolve("ovsdb-server.ctl"),
                    "--detach", "--log-file=" + dir.resolve("ovsdb-server.log"), db));
            ovs.vsctl("--no-wait", "init");
            // OVS_RUNDIR: each switch keeps its bridges' OpenFlow sockets (<bridge>.mgmt) in its own directory
            Exec.check(Exec.inNamespace(namespace, List.of("env", "OVS_RUNDIR=" + dir, "ovs-vswitchd", ovs.db(),
                    "--pidfile=" + dir.resolve("ovs-vswitchd.pid"), "--unixctl=" + dir.resolve("ovs-vswitchd.ctl"),
                    "--detach", "--log-file=" + dir.resolve("ovs-vswitchd.log"))));
        } catch (RuntimeException e) {
            ovs.stop();
            throw e;
        }
        return ovs;
    }

    /** The directory holding the switch's database, sockets and logs. */
    Path dir() {
        return dir;
    }

    /** The database address for {@code ovs-vsctl --db=}. */
    String db() {
        return "unix:" + dir.resolve("db.sock");
    }

    /** Runs ovs-ofctl against one of this switch's bridges, e.g. {@code ofctl("xenbr1", "add-flow", flow)}. */
    ExecResult ofctl(String command, String bridge, String... args) {
        List<String> argv = new ArrayList<>(List.of("ovs-ofctl", "--timeout=30", command,
                "unix:" + dir.resolve(bridge + ".mgmt")));
        argv.addAll(List.of(args));
        return Exec.check(argv);
    }

    ExecResult vsctl(String... args) {
        return Exec.check(vsctlArgv(args));
    }

    /** Runs ovs-vsctl and returns its result, whatever the status. */
    ExecResult vsctlQuery(String... args) {
        return Exec.run(vsctlArgv(args));
    }

    private List<String> vsctlArgv(String... args) {
        List<String> argv = new ArrayList<>(List.of("ovs-vsctl", "--timeout=30", "--db=" + db()));
        argv.addAll(List.of(args));
        return argv;
    }

    /** Kills both daemons (their state is throw-away) and waits up to five seconds for them to go. */
    void stop() {
        List<ProcessHandle> daemons = new ArrayList<>();
        for (String pidFile : List.of("ovs-vswitchd.pid", "ovsdb-server.pid")) {
            readPid(dir.resolve(pidFile)).flatMap(ProcessHandle::of)
                    .filter(p -> p.info().command().map(c -> c.contains("ovs")).orElse(true))
                    .ifPresent(daemons::add);
        }
        daemons.forEach(ProcessHandle::destroyForcibly);
        awaitExit(daemons);
    }

    /**
     * Polls until the processes are gone or zombies: they are not our children, so there is no
     * wait() to block on, and whoever inherited them may reap them late.
     */
    static void awaitExit(List<ProcessHandle> processes) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (processes.stream().anyMatch(OvsDaemons::running) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static boolean running(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static Optional<Long> readPid(Path file) {
        try {
            return Optional.of(Long.parseLong(Files.readString(file).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
