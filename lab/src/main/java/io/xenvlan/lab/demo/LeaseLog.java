package io.xenvlan.lab.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * dnsmasq's {@code --dhcp-script} for the demo: appends each lease event ({@code add},
 * {@code old}, {@code del} with MAC and IP) to a log file. The product's script runs
 * {@code xenvlan dhcp-event} against the shared database; the demo's embedded H2 file belongs
 * to the demo's own process, so the demo reads the events from this log instead.
 */
final class LeaseLog {
    private final Path script;
    private final Path log;

    private LeaseLog(Path script, Path log) {
        this.script = script;
        this.log = log;
    }

    /** Writes the script (and an empty log) into {@code dir}, readable by dnsmasq's user. */
    static LeaseLog create(Path dir) {
        Path script = dir.resolve("dhcp-event.sh");
        Path log = dir.resolve("dhcp-events.log");
        if (!log.toString().matches("[A-Za-z0-9_./-]+")) {
            throw new IllegalArgumentException("lease log path must be plain (letters, digits, _ . / -): " + log);
        }
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.writeString(log, "");
            Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-rw-rw-"));
            Files.writeString(script, String.join("\n",
                    "#!/bin/sh",
                    "# dnsmasq lease event: <add|old|del> <mac> <ip> [hostname]",
                    "case \"$1\" in add|old|del) echo \"$1 $2 $3\" >> '" + log + "' ;; esac",
                    "exit 0", ""));
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new LeaseLog(script, log);
    }

    Path script() {
        return script;
    }

    /** The events so far, oldest first ({@code "add fa:16:3e:.. 10.20.0.3"}). */
    List<String> events() {
        try {
            return Files.readAllLines(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
