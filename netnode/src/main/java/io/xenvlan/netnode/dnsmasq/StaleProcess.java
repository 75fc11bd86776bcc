package io.xenvlan.netnode.dnsmasq;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dnsmasq left running by an earlier xenvlan process (killed without stopping its children)
 * would hold the DHCP port: found by its pid file, and stopped only if its command line names
 * that very pid file.
 */
final class StaleProcess {
    private static final Logger LOG = LoggerFactory.getLogger(StaleProcess.class);
    private final Path pidFile;

    StaleProcess(Path pidFile) {
        this.pidFile = pidFile;
    }

    boolean pidFileNames(long pid) {
        return readPid().filter(p -> p == pid).isPresent();
    }

    void stopIfRunning() {
        Optional<ProcessHandle> old = readPid().flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive)
                .filter(h -> h.info().arguments().map(args -> String.join(" ", args).contains("--pid-file=" + pidFile))
                        .orElse(false));
        old.ifPresent(h -> {
            LOG.warn("stopping dnsmasq pid {} left over from an earlier run ({})", h.pid(), pidFile);
            h.destroy();
            try {
                h.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        });
    }

    /**
     * Stops every dnsmasq whose {@code --pid-file} lies under {@code root} (this node's files) but
     * is none of {@code keep}: left by an earlier run of the node for networks it no longer serves
     * (deleted, handed over, or refused since). All get SIGTERM at once, then one shared wait.
     *
     * @return how many were stopped
     */
    static int sweep(Path root, Set<Path> keep) {
        String prefix = "--pid-file=" + root.toAbsolutePath() + "/";
        Set<String> kept = keep.stream().map(p -> "--pid-file=" + p.toAbsolutePath()).collect(Collectors.toSet());
        List<ProcessHandle> left = ProcessHandle.allProcesses().filter(h -> h.info().command().map(c -> c.endsWith("dnsmasq")).orElse(false))
                .filter(h -> h.info().arguments().map(args -> Arrays.stream(args).anyMatch(a -> a.startsWith(prefix) && !kept.contains(a)))
                        .orElse(false))
                .toList();
        left.forEach(h -> {
            LOG.warn("stopping dnsmasq pid {} left over from an earlier run for a network not served here ({})", h.pid(),
                    h.info().arguments().map(a -> String.join(" ", a)).orElse(""));
            h.destroy();
        });
        try {
            CompletableFuture.allOf(left.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new)).get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            left.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
        return left.size();
    }

    private Optional<Long> readPid() {
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            String text = Files.readString(pidFile).trim();
            return text.matches("[0-9]{1,10}") ? Optional.of(Long.parseLong(text)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
