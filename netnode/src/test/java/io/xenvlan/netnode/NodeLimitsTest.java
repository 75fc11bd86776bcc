package io.xenvlan.netnode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernel's limits read from a made-up /proc, and what the node makes of them. */
class NodeLimitsTest {
    @TempDir
    Path proc;

    private void write(String file, String text) throws IOException {
        Path p = proc.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private void proc(long pidMax, long tasks, long inotify, int inotifyInUse) throws IOException {
        write("sys/fs/inotify/max_user_instances", inotify + "\n");
        write("sys/kernel/pid_max", pidMax + "\n");
        write("sys/kernel/threads-max", "192735\n");
        write("loadavg", "0.50 0.40 0.30 2/" + tasks + " 4242\n");
        write("self/status", "Name:\tjava\nUid:\t0\t0\t0\t0\n");
        write("self/limits", "Limit                     Soft Limit           Hard Limit           Units\n"
                + "Max processes             96367                96367                processes\n"
                + "Max open files            1024                 524288               files\n");
        Files.createDirectories(proc.resolve("4242/fd"));
        for (int i = 0; i < inotifyInUse; i++) {
            Files.createSymbolicLink(proc.resolve("4242/fd/" + (10 + i)), Path.of("anon_inode:inotify"));
        }
        Files.createSymbolicLink(proc.resolve("4242/fd/3"), Path.of("socket:[1234]"));
    }

    @Test
    void defaultKernel_roomForThousandsOfNetworks_andTheInotifyBudgetLeft() throws IOException {
        proc(32768, 600, 128, 5);

        NodeLimits limits = NodeLimits.read(proc);

        assertThat(limits.pidMax()).isEqualTo(32768);
        assertThat(limits.tasks()).isEqualTo(600);
        assertThat(limits.inotifyInUse()).isEqualTo(5);
        assertThat(limits.capacity(0).max()).isEqualTo(1024 - 256); // open files bind first here
        assertThat(NodeLimits.read(proc).capacity(0).reason()).startsWith("the open files limit 1024");
        assertThat(limits.capacity(500)).isEqualTo(new NodeCapacity(500, "netnode.max-networks = 500"));
        assertThat(limits.inotifyBudget().left()).isEqualTo(128 - 5 - 16);
        assertThat(limits.advice()).containsExactly(
                "open files: the soft limit is 1024, below 4096; raise LimitNOFILE (see packaging/systemd/xenvlan-netnode.service.d/10-scale.conf)",
                "fs.inotify.max_user_instances = 128 (5 in use): about 107 networks' dnsmasq read added entries without a reload,"
                        + " the others reload for each; raise it, see packaging/sysctl/90-xenvlan-netnode.conf");
    }

    @Test
    void fewPids_capTheNode_andTheMessageSaysWhatToRaise() throws IOException {
        proc(4096, 1000, 8192, 0);
        write("self/limits", "Max processes 96367 96367 processes\nMax open files 524288 524288 files\n");

        NodeCapacity cap = NodeLimits.read(proc).capacity(5000);

        assertThat(cap.max()).isEqualTo((4096 - 1000 - 512) / 3);
        assertThat(cap.refusal("node-a", 7, "107")).isEqualTo("network 7 (vlan 107) is not served: network node node-a is full,"
                + " it serves at most 861 networks (kernel.pid_max = 4096 and kernel.threads-max = 192735 with 1000 tasks running"
                + " leave room for 861 networks of 3 tasks each; raise them, see packaging/sysctl/90-xenvlan-netnode.conf)");
    }

    @Test
    void fewOpenFiles_capTheNode() throws IOException {
        proc(4194304, 600, 8192, 0); // the JVM raises its soft limit to the hard one; a low hard limit still binds

        NodeCapacity cap = NodeLimits.read(proc).capacity(0);

        assertThat(cap.max()).isEqualTo(1024 - 256);
        assertThat(cap.reason()).isEqualTo("the open files limit 1024 of the node's process leaves room for 768 networks of 1 file"
                + " each; raise LimitNOFILE, see packaging/systemd/xenvlan-netnode.service.d/10-scale.conf");
    }

    @Test
    void thisMachine_isRead() {
        NodeLimits limits = NodeLimits.read();

        assertThat(limits.pidMax()).isGreaterThanOrEqualTo(limits.tasks());
        assertThat(limits.inotifyInstances()).isPositive();
        assertThat(limits.capacity(0).max()).isPositive();
    }

    @Test
    void theFilesTheAdviceNames_shipAndRaiseWhatItAsks() throws IOException {
        Path repo = Path.of("").toAbsolutePath().getParent(); // tests run in the netnode module's directory
        String sysctl = Files.readString(repo.resolve(NodeLimits.SYSCTL));
        String dropIn = Files.readString(repo.resolve(NodeLimits.DROP_IN));

        assertThat(sysctl).containsPattern("(?m)^fs\\.inotify\\.max_user_instances = 8192$");
        assertThat(dropIn).contains("[Service]").containsPattern("(?m)^LimitNOFILE=65536$").containsPattern("(?m)^TasksMax=16384$");
        assertThat(65536).isGreaterThanOrEqualTo(NodeLimits.OPEN_FILES_WANTED);
    }
}
