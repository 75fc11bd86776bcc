package io.xenvlan.netnode.dnsmasq;

import io.xenvlan.core.error.BackendFailureException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/** Where one network's dnsmasq keeps its files, and the atomic way to replace them. */
record DnsmasqFiles(Path dir) {

    static DnsmasqFiles of(Path stateDir, long networkId) {
        return new DnsmasqFiles(stateDir.resolve("dnsmasq").resolve(Long.toString(networkId)));
    }

    Path hosts() {
        return dir.resolve("hosts");
    }

    /** dnsmasq's {@code --dhcp-hostsdir}: entries added since the hosts file was last written (see {@link HostsDir}). */
    Path hostsDir() {
        return dir.resolve("hosts.d");
    }

    /** dnsmasq's {@code --addn-hosts}: {@code address name.domain name} per VM (see {@link DnsHostsFile}). */
    Path dnsHosts() {
        return dir.resolve("dns-hosts");
    }

    /** dnsmasq's {@code --hostsdir}: DNS names added since the DNS hosts file was last written. */
    Path dnsHostsDir() {
        return dir.resolve("dns.d");
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

    /** The lease spool's script, dnsmasq's {@code --dhcp-script} unless the node is given one. */
    Path dhcpScript() {
        return dir.resolve("dhcp-script");
    }

    /** Where that script spools lease events for the node. */
    Path leaseSpool() {
        return dir.resolve("lease-events");
    }

    Path log() {
        return dir.resolve("dnsmasq.log");
    }

    /**
     * dnsmasq drops root after start and re-reads its hosts file as user nobody: the directory is
     * made world-readable, and every directory above it must be world-searchable ({@code
     * checkSearchable}; pointless when no dnsmasq really runs).
     *
     * @throws BackendFailureException naming the directory that nobody cannot enter
     */
    void create(boolean checkSearchable) {
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            for (Path p = dir.toAbsolutePath().getParent(); checkSearchable && p != null; p = p.getParent()) {
                if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    throw new BackendFailureException("dnsmasq", "STATE_DIR_NOT_SEARCHABLE", List.of(p.toString()),
                            "dnsmasq re-reads " + hosts() + " as user nobody, who cannot enter " + p
                                    + ": make it searchable (chmod o+x " + p + ") or choose another state directory", null);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /**
     * Replaces {@code target} in one step (temp file in the same directory, then rename), so
     * dnsmasq never reads half a file; returns the number of bytes written.
     */
    static long writeAtomically(Path target, String content) {
        return writeAtomically(target, content, "rw-r--r--");
    }

    /** As {@link #writeAtomically(Path, String)}, the file getting {@code permissions} (e.g. {@code rwx------} for a script). */
    static long writeAtomically(Path target, String content, String permissions) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(permissions));
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
        return bytes.length;
    }
}
