package io.xenvlan.netnode;

import io.xenvlan.netnode.dnsmasq.InotifyBudget;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel limits that bound what one node serves, read once at start from {@code /proc}: each
 * network costs {@value #TASKS_PER_NETWORK} tasks (its dnsmasq, dnsmasq's lease-script helper, the
 * thread that waits for it), {@value #FILES_PER_NETWORK} open file of the node's process (the
 * JVM's handle on its dnsmasq), and its dnsmasq an inotify instance of root when it watches a hosts
 * directory. The node takes the networks it has room for and refuses the others with a message
 * that names the limit and how to raise it ({@code packaging/sysctl}, {@code packaging/systemd});
 * inotify instances only decide which dnsmasq reload for additions ({@link InotifyBudget}).
 *
 * @param inotifyInstances {@code fs.inotify.max_user_instances}
 * @param inotifyInUse     inotify instances open on the machine now (root's share is at most that)
 * @param pidMax           {@code kernel.pid_max}
 * @param threadsMax       {@code kernel.threads-max}
 * @param tasks            tasks running on the machine now
 * @param openFiles        this process's soft limit of open files
 * @param root             whether this process runs as root (root is not bound by the process limit)
 * @param processes        this process's soft limit of processes (its user's tasks)
 * @param userTasks        tasks of this process's user now (only counted when not root)
 */
record NodeLimits(long inotifyInstances, long inotifyInUse, long pidMax, long threadsMax, long tasks, long openFiles,
                         boolean root, long processes, long userTasks) {
    private static final Logger LOG = LoggerFactory.getLogger(NodeLimits.class);
    static final int TASKS_PER_NETWORK = 3;
    /** Tasks kept free for everything else the machine runs. */
    static final int TASK_RESERVE = 512;
    /** inotify instances kept free for the node itself and root's other programs. */
    static final int INOTIFY_RESERVE = 16;
    static final int FILES_PER_NETWORK = 1;
    /** Open files kept for everything else the node's process holds (jars, sockets, commands running in parallel). */
    static final int FILE_RESERVE = 256;
    /** Open files below which the node warns. */
    static final int OPEN_FILES_WANTED = 4096;
    static final String SYSCTL = "packaging/sysctl/90-xenvlan-netnode.conf";
    static final String DROP_IN = "packaging/systemd/xenvlan-netnode.service.d/10-scale.conf";

    /** Reads the limits of this machine and process. */
    static NodeLimits read() {
        return read(Path.of("/proc"));
    }

    /** Reads the limits from a {@code /proc} tree (tests give a made-up one). */
    static NodeLimits read(Path proc) {
        long uid = status(proc.resolve("self/status"), "Uid:").orElse(0L);
        return new NodeLimits(number(proc.resolve("sys/fs/inotify/max_user_instances"), 128), inotifyInUse(proc),
                number(proc.resolve("sys/kernel/pid_max"), 32768), number(proc.resolve("sys/kernel/threads-max"), Long.MAX_VALUE),
                tasksNow(proc), limit(proc.resolve("self/limits"), "Max open files"), uid == 0,
                limit(proc.resolve("self/limits"), "Max processes"), uid == 0 ? 0 : userTasks(proc, uid));
    }

    /**
     * How many networks this node may serve: {@code configured} ({@code netnode.max-networks}; 0
     * for none) or what the tasks the kernel allows leave room for, whichever is lower.
     */
    NodeCapacity capacity(int configured) {
        long free = Math.min(pidMax, threadsMax) - tasks - TASK_RESERVE;
        long byTasks = Math.max(0, free / TASKS_PER_NETWORK);
        NodeCapacity cap = new NodeCapacity((int) Math.min(Integer.MAX_VALUE, byTasks), "kernel.pid_max = " + pidMax
                + " and kernel.threads-max = " + threadsMax + " with " + tasks + " tasks running leave room for " + byTasks
                + " networks of " + TASKS_PER_NETWORK + " tasks each; raise them, see " + SYSCTL);
        long byFiles = Math.max(0, (openFiles - FILE_RESERVE) / FILES_PER_NETWORK);
        if (byFiles < cap.max()) {
            cap = new NodeCapacity((int) Math.min(Integer.MAX_VALUE, byFiles), "the open files limit " + openFiles + " of the node's"
                    + " process leaves room for " + byFiles + " networks of " + FILES_PER_NETWORK + " file each; raise LimitNOFILE, see "
                    + DROP_IN);
        }
        if (!root) {
            long byUser = Math.max(0, (processes - userTasks - 64) / TASKS_PER_NETWORK);
            if (byUser < cap.max()) {
                cap = new NodeCapacity((int) Math.min(Integer.MAX_VALUE, byUser), "the process limit " + processes + " of this user ("
                        + userTasks + " tasks running) leaves room for " + byUser + " networks; raise LimitNPROC / TasksMax, see "
                        + DROP_IN);
            }
        }
        if (configured > 0 && configured <= cap.max()) {
            cap = new NodeCapacity(configured, "netnode.max-networks = " + configured);
        }
        return cap;
    }

    /** The inotify instances the node's dnsmasq may take for their hosts directories. */
    InotifyBudget inotifyBudget() {
        long free = Math.max(0, inotifyInstances - inotifyInUse - INOTIFY_RESERVE);
        return new InotifyBudget((int) Math.min(Integer.MAX_VALUE, free), "fs.inotify.max_user_instances = " + inotifyInstances
                + ", " + inotifyInUse + " in use when the node started");
    }

    /** What an operator should raise before this node is asked for many networks (empty: nothing). */
    List<String> advice() {
        List<String> advice = new ArrayList<>();
        if (openFiles < OPEN_FILES_WANTED) {
            advice.add("open files: the soft limit is " + openFiles + ", below " + OPEN_FILES_WANTED + "; raise LimitNOFILE (see "
                    + DROP_IN + ")");
        }
        if (inotifyInstances - inotifyInUse - INOTIFY_RESERVE < 1024) {
            advice.add("fs.inotify.max_user_instances = " + inotifyInstances + " (" + inotifyInUse + " in use): about "
                    + Math.max(0, inotifyInstances - inotifyInUse - INOTIFY_RESERVE) + " networks' dnsmasq read added entries"
                    + " without a reload, the others reload for each; raise it, see " + SYSCTL);
        }
        return advice;
    }

    /** One INFO line of what the node found, and a WARN per piece of advice. */
    void log(NodeCapacity capacity) {
        LOG.info("network node limits: at most {} networks ({}); {} inotify instances free for dnsmasq hosts directories;"
                        + " open files {}; tasks {} of {}", capacity.max() == Integer.MAX_VALUE ? "no cap on the" : capacity.max(),
                capacity.reason(), inotifyBudget().left(), openFiles, tasks, Math.min(pidMax, threadsMax));
        advice().forEach(a -> LOG.warn("network node limits: {}", a));
    }

    private static long number(Path file, long fallback) {
        try {
            return Long.parseLong(firstLine(file).trim());
        } catch (IOException | NumberFormatException e) {
            return fallback;
        }
    }

    /** The first line; a reader, because a single read of a /proc/sys file can return just its first byte. */
    private static String firstLine(Path file) throws IOException {
        try (var reader = Files.newBufferedReader(file)) {
            String line = reader.readLine();
            return line == null ? "" : line;
        }
    }

    /** A soft limit from {@code /proc/self/limits} ("unlimited" as the largest number). */
    private static long limit(Path limits, String name) {
        try {
            for (String line : Files.readAllLines(limits)) {
                if (line.startsWith(name)) {
                    String soft = line.substring(name.length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
                }
            }
        } catch (IOException | NumberFormatException e) {
            LOG.debug("cannot read {} from {}: {}", name, limits, e.getMessage());
        }
        return Long.MAX_VALUE;
    }

    private static Optional<Long> status(Path status, String field) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith(field)) {
                    return Optional.of(Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]));
                }
            }
        } catch (IOException | NumberFormatException e) {
            LOG.debug("cannot read {} from {}: {}", field, status, e.getMessage());
        }
        return Optional.empty();
    }

    /** Running / total tasks is the fourth field of {@code loadavg}. */
    private static long tasksNow(Path proc) {
        try {
            String[] f = firstLine(proc.resolve("loadavg")).trim().split("\\s+");
            return Long.parseLong(f[3].substring(f[3].indexOf('/') + 1));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Every process's open inotify instances (a file descriptor that reads {@code anon_inode:inotify}). */
    private static long inotifyInUse(Path proc) {
        long n = 0;
        for (Path pid : processes(proc)) {
            try (DirectoryStream<Path> fds = Files.newDirectoryStream(pid.resolve("fd"))) {
                for (Path fd : fds) {
                    try {
                        if (Files.readSymbolicLink(fd).toString().equals("anon_inode:inotify")) {
                            n++;
                        }
                    } catch (IOException | UnsupportedOperationException e) {
                        // closed meanwhile
                    }
                }
            } catch (IOException e) {
                // the process ended, or its descriptors are not ours to see
            }
        }
        return n;
    }

    private static long userTasks(Path proc, long uid) {
        long n = 0;
        for (Path pid : processes(proc)) {
            if (status(pid.resolve("status"), "Uid:").filter(u -> u == uid).isPresent()) {
                n += status(pid.resolve("status"), "Threads:").orElse(1L);
            }
        }
        return n;
    }

    private static List<Path> processes(Path proc) {
        List<Path> pids = new ArrayList<>();
        try (DirectoryStream<Path> all = Files.newDirectoryStream(proc, p -> p.getFileName().toString().matches("[0-9]+"))) {
            all.forEach(pids::add);
        } catch (IOException e) {
            LOG.debug("cannot list {}: {}", proc, e.getMessage());
        }
        return pids;
    }
}
