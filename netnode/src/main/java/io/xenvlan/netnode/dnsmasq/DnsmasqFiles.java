package io.xenvlan.netnode.dnsmasq;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Where one network's dnsmasq keeps its files, and the atomic way to replace them. */
record DnsmasqFiles(Path dir) {

    static DnsmasqFiles of(Path stateDir, long networkId) {
        return new DnsmasqFiles(stateDir.resolve("dnsmasq").resolve(Long.toString(networkId)));
    }

    Path hosts() {
        return dir.resolve("hosts");
    }

    Path opts() {
        return dir.resolve("opts");
    }

    Path leases() {
        return dir.resolve("leases");
    }

    Path pid() {
        return dir.resolve("dnsmasq.pid");
    }

    Path log() {
        return dir.resolve("dnsmasq.log");
    }

    /** dnsmasq drops root after start and re-reads the hosts file as nobody: world-readable directory. */
    void create() {
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /**
     * Replaces {@code target} in one step (temp file in the same directory, then rename), so
     * dnsmasq never reads half a file; returns the number of bytes written.
     */
    static long writeAtomically(Path target, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
        return bytes.length;
    }
}
