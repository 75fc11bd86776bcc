package io.xenvlan.netnode.dnsmasq;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
