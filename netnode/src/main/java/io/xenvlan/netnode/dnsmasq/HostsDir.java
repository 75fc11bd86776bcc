package io.xenvlan.netnode.dnsmasq;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * dnsmasq's {@code --dhcp-hostsdir}, next to its {@code --dhcp-hostsfile}: dnsmasq reads a file
 * that appears in this directory by itself (inotify), without a SIGHUP. A SIGHUP makes dnsmasq
 * re-read its files and also run its {@code --dhcp-script} once more for every lease it holds,
 * so a storm of allocations, which only adds entries, is published as new files here instead;
 * removals, changed entries and settings still need the full rewrite and the SIGHUP, which also
 * folds these files back into the hosts file. Files are renamed into place from a dot-file, which
 * dnsmasq ignores, so it never reads half a file.
 */
final class HostsDir {
    /** Added files kept before the next publication folds them into the hosts file (with a reload). */
    static final int MAX_ADDED = 64;
    private static final String PREFIX = "added-";

    private final Path dir;
    private int added;
    private long number; // never reused: dnsmasq sees every added file as a new one

    HostsDir(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /** Creates the directory (readable by nobody, whom dnsmasq re-reads its files as) and empties it. */
    void create() {
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        clear();
    }

    boolean canAdd() {
        return added < MAX_ADDED;
    }

    /** Adds a file with {@code lines}; @return the bytes written */
    long add(String lines) {
        added++;
        return DnsmasqFiles.writeAtomically(dir.resolve(PREFIX + ++number), lines);
    }

    /** Deletes the added files, once the hosts file holds their entries. */
    void clear() {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*")) {
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty " + dir, e);
        }
        added = 0;
    }
}
