package io.xenvlan.server.local;

import io.xenvlan.store.StateDirectory;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * What the process holding a state directory's embedded store announces in {@code <state-dir>/local-api}
 * (mode 0600, so only the directory's owner reads it): the Unix socket serving its API, the local
 * admin credential to use on it, and who the holder is (pid and start time, so an announcement left
 * by a killed holder is recognised as stale).
 *
 * @param tokenId the credential's id in {@code api_tokens}, revoked when the holder stops
 */
record Announcement(Path socket, String token, long tokenId, long pid, Instant started) {
    public static final String FILE = "local-api";

    /** This process as the holder. */
    static Announcement ofThisProcess(Path socket, String token, long tokenId) {
        ProcessHandle self = ProcessHandle.current();
        return new Announcement(socket, token, tokenId, self.pid(), startOf(self).orElse(Instant.EPOCH));
    }

    /** The announcement in {@code stateDir}, if there is a readable one. */
    static Optional<Announcement> read(Path stateDir) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(stateDir.resolve(FILE), StandardCharsets.UTF_8)) {
            p.load(r);
            return Optional.of(new Announcement(Path.of(p.getProperty("socket")), p.getProperty("token"),
                    Long.parseLong(p.getProperty("token-id")), Long.parseLong(p.getProperty("pid")), Instant.parse(p.getProperty("started"))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // half a file of an older version, or not ours: as good as none
        }
    }

    /** Whether the announcing process still runs (the same process: pid and start time). */
    boolean holderAlive() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).flatMap(Announcement::startOf)
                .map(s -> started.equals(Instant.EPOCH) || s.equals(started)).orElse(false);
    }

    /** Whether this process is the announcing one. */
    boolean isThisProcess() {
        return pid == ProcessHandle.current().pid();
    }

    void write(Path stateDir) {
        Properties p = new Properties();
        p.setProperty("socket", socket.toString());
        p.setProperty("token", token);
        p.setProperty("token-id", Long.toString(tokenId));
        p.setProperty("pid", Long.toString(pid));
        p.setProperty("started", started.toString());
        StringWriter text = new StringWriter();
        try {
            p.store(text, "the xenvlan process holding this state directory's store (written and removed by it)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StateDirectory.writeSecret(stateDir.resolve(FILE), text.toString());
    }

    /** Removes the announcement (a stale one, or this holder's own at its stop). */
    static void remove(Path stateDir) {
        try {
            Files.deleteIfExists(stateDir.resolve(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + stateDir.resolve(FILE), e);
        }
    }

    private static Optional<Instant> startOf(ProcessHandle p) {
        return p.info().startInstant();
    }

    @Override
    public String toString() {
        return "Announcement[" + socket + ", pid " + pid + "]";
    }
}
