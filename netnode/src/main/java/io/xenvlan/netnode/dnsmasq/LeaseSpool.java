package io.xenvlan.netnode.dnsmasq;

import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.netnode.LeaseEvent;
import io.xenvlan.netnode.DhcpScriptCall;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One network's lease events, from dnsmasq to the store without a JVM per event. dnsmasq's
 * {@code --dhcp-script} is a small POSIX sh script the node writes: it only stores each call as
 * one line of data ({@code printf '%s'}, nothing is evaluated) in a file of its own in the
 * spool directory, numbered in call order (dnsmasq runs its script for one event at a time), and
 * never overwrites a file ({@code set -C}). The running node drains the spool in batches: every
 * line is validated as {@code xenvlan dhcp-event} validates its arguments, the batch is recorded
 * in one transaction, and only then are its files deleted. A file per event instead of one
 * appended file: a reader that truncates or renames a shared file can lose a line a script is
 * writing at that moment; files that appear whole and are deleted once recorded lose nothing,
 * also while the node is down (dnsmasq keeps spooling; the next node drains).
 */
final class LeaseSpool {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseSpool.class);
    private static final String SUFFIX = ".event";
    /** A file still without its line end this long after it was written is a script that died writing it. */
    private static final Duration PARTIAL_GRACE = Duration.ofSeconds(10);
    private static final int BATCH = 2000;

    private final Path dir;
    private final Clock clock;

    LeaseSpool(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
    }

    /** Creates the spool directory and writes the script dnsmasq runs (mode 0700: dnsmasq runs it as root). */
    Path writeScript(Path script) {
        String quotedDir = "'" + dir.toAbsolutePath().toString().replace("'", "'\\''") + "'";
        String text = "#!/bin/sh\n"
                + "# written by the xenvlan network node: dnsmasq's --dhcp-script. Each lease call becomes one line\n"
                + "# of data in a new file of the spool (never evaluated); the node records the lines in the store.\n"
                + "spool=" + quotedDir + "\n"
                + "case \"$1\" in add|old|del) ;; *) exit 0 ;; esac\n"
                + "n=0\n"
                + "[ -f \"$spool/next\" ] && read -r n < \"$spool/next\"\n"
                + "case \"$n\" in ''|*[!0-9]*) n=0 ;; esac\n"
                + "set -C\n"
                + "tries=0\n"
                + "until { printf '%s\\t%s\\t%s\\t%s\\t%s\\t%s\\n' \"$1\" \"$2\" \"$3\" \"${4-}\" \"${DNSMASQ_LEASE_EXPIRES-}\" \\\n"
                + "        \"${DNSMASQ_LEASE_LENGTH-}\" > \"$spool/$n" + SUFFIX + "\"; } 2>/dev/null; do\n"
                + "  n=$((n + 1)); tries=$((tries + 1))\n"
                + "  [ \"$tries\" -lt 10000 ] || exit 1\n"
                + "done\n"
                + "printf '%s\\n' \"$((n + 1))\" >| \"$spool/next\"\n";
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + script, e);
        }
        DnsmasqFiles.writeAtomically(script, text, "rwx------");
        return script;
    }

    /**
     * Records the spooled events in call order, in batches handed to {@code record} (one
     * transaction each), and deletes each batch's files once recorded. Lines that are not a valid
     * lease call are logged and dropped. A failure of {@code record} leaves the files for the next drain.
     *
     * @return the number of events recorded
     */
    int drain(Consumer<List<LeaseEvent>> record) {
        int recorded = 0;
        while (true) {
            TreeMap<Long, Path> files = list();
            if (files.isEmpty()) {
                return recorded;
            }
            List<LeaseEvent> events = new ArrayList<>();
            List<Path> done = new ArrayList<>();
            boolean partial = false;
            for (Map.Entry<Long, Path> f : files.entrySet()) {
                if (done.size() >= BATCH) {
                    break;
                }
                Optional<String> line = read(f.getValue());
                if (line.isEmpty()) {
                    partial = true; // a script is writing it (or died doing so): later files wait behind it
                    break;
                }
                parse(f.getValue(), line.get()).ifPresent(events::add);
                done.add(f.getValue());
            }
            if (!events.isEmpty()) {
                record.accept(events);
            }
            done.forEach(LeaseSpool::delete);
            recorded += events.size();
            if (partial || done.size() < BATCH) {
                return recorded;
            }
        }
    }

    /** The event files by number. */
    private TreeMap<Long, Path> list() {
        TreeMap<Long, Path> files = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                String number = name.substring(0, name.length() - SUFFIX.length());
                if (number.matches("[0-9]{1,18}")) {
                    files.put(Long.parseLong(number), p);
                } else {
                    LOG.warn("dropping {}: not a file of the lease spool", p);
                    delete(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return files;
    }

    /** The file's text once whole (ends with a line end); a partial file past its grace is dropped as empty text. */
    private Optional<String> read(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length > 0 && bytes[bytes.length - 1] == '\n' || bytes.length > 4096) {
                return Optional.of(new String(bytes, StandardCharsets.UTF_8));
            }
            Instant written = Files.getLastModifiedTime(file).toInstant();
            if (clock.instant().isAfter(written.plus(PARTIAL_GRACE))) {
                LOG.warn("dropping {}: its script never finished writing it", file);
                return Optional.of("");
            }
            return Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.of("");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** One line {@code action TAB mac TAB ip TAB hostname TAB expires TAB length}, validated field by field. */
    Optional<LeaseEvent> parse(Path file, String text) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String[] f = text.split("\t", -1);
        if (f.length != 6 || !text.endsWith("\n") || text.indexOf('\n') != text.length() - 1) {
            LOG.warn("dropping {}: not one line of six tab-separated fields", file);
            return Optional.empty();
        }
        String expires = f[4];
        String length = f[5].substring(0, f[5].length() - 1);
        if (!expires.matches("[0-9]{0,12}") || !length.matches("[0-9]{0,12}")) {
            LOG.warn("dropping {}: lease expiry and length must be whole seconds", file);
            return Optional.empty();
        }
        Map<String, String> env = new HashMap<>();
        putIfNotEmpty(env, "DNSMASQ_LEASE_EXPIRES", expires);
        putIfNotEmpty(env, "DNSMASQ_LEASE_LENGTH", length);
        try {
            return DhcpScriptCall.parse(Arrays.asList(f).subList(0, 4), env, clock);
        } catch (InvalidInputException e) {
            LOG.warn("dropping {}: {}", file, e.getMessage());
            return Optional.empty();
        }
    }

    private static void putIfNotEmpty(Map<String, String> env, String key, String value) {
        if (!value.isEmpty()) {
            env.put(key, value);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }
}
