package io.xenvlan.sim.ovs;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The network namespaces one data plane created: made with loopback up and IPv6 off (so
 * captures show only what the test sends), deleted with every process still running in them.
 */
final class Namespaces {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private final Set<String> created = new LinkedHashSet<>();
    private boolean closed;

    /** @throws DataPlaneException once {@link #deleteAll} ran: nothing may be made after the clean-up */
    synchronized String add(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a usable namespace name: " + name);
        }
        if (closed) {
            throw new DataPlaneException("the data plane is shut down; namespace " + name + " is not made");
        }
        Exec.check(List.of("ip", "netns", "add", name));
        created.add(name);
        Exec.check(Exec.inNamespace(name, List.of("sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1",
                "net.ipv6.conf.default.disable_ipv6=1")));
        Exec.check(List.of("ip", "-n", name, "link", "set", "lo", "up"));
        return name;
    }

    synchronized boolean contains(String name) {
        return created.contains(name);
    }

    /** Kills what runs in the namespace and deletes it (with its interfaces); quiet when already gone. */
    synchronized void delete(String name) {
        if (!created.remove(name)) {
            return;
        }
        killProcessesIn(name);
        Exec.run(List.of("ip", "netns", "del", name));
    }

    synchronized void deleteAll() {
        closed = true;
        for (String name : new ArrayList<>(created)) {
            delete(name);
        }
    }

    static void killProcessesIn(String name) {
        ExecResult pids = Exec.run(List.of("ip", "netns", "pids", name));
        List<ProcessHandle> running = new ArrayList<>();
        for (String pid : pids.stdout().split("\\s+")) {
            if (pid.matches("[0-9]+")) {
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(running::add);
            }
        }
        running.forEach(ProcessHandle::destroyForcibly);
        OvsDaemons.awaitExit(running);
    }
}
