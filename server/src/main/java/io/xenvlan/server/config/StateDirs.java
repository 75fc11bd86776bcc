package io.xenvlan.server.config;

import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.store.EmbeddedStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Where a process keeps its state when not told: {@code /var/lib/xenvlan} for root, else
 * {@code $XDG_STATE_HOME/xenvlan} (or {@code ~/.local/state/xenvlan}): one fixed place, whatever the
 * working directory. Older versions used {@code ./.xenvlan}; a store left there is named, never
 * silently ignored ({@link #leftBehind}).
 */
public final class StateDirs {
    static final Path ROOT_DEFAULT = Path.of("/var/lib/xenvlan");
    /** The working-directory state directory of older versions. */
    static final Path OLD_DEFAULT = Path.of(".xenvlan");

    static final String STORE_WAIT = "XENVLAN_STORE_WAIT";

    private StateDirs() {}

    /** The default for this process. */
    public static Path defaultDir() {
        return defaultDir(isRoot(), System.getenv(), System.getProperty("user.home"));
    }

    static Path defaultDir(boolean root, Map<String, String> env, String home) {
        if (root) {
            return ROOT_DEFAULT;
        }
        String xdg = env.get("XDG_STATE_HOME");
        // the XDG rule: a relative value is invalid and ignored
        Path base = xdg != null && xdg.startsWith("/") ? Path.of(xdg) : Path.of(home, ".local", "state");
        return base.resolve("xenvlan");
    }

    /**
     * The one-line hint for a store in {@code ./.xenvlan} of the working directory when {@code used}
     * is another directory; empty otherwise.
     */
    public static Optional<String> leftBehind(Path used) {
        Path old = OLD_DEFAULT.toAbsolutePath().normalize();
        if (!EmbeddedStore.exists(old) || old.equals(used.toAbsolutePath().normalize())) {
            return Optional.empty();
        }
        return Optional.of("note: " + old + " holds a xenvlan store that this command does not use (it uses "
                + used.toAbsolutePath().normalize() + "); give --state-dir " + old + " (or XENVLAN_STATE_DIR) to use it");
    }

    /**
     * How long a process waits for the embedded store while another one has it: {@code
     * XENVLAN_STORE_WAIT} seconds (1..86400), else {@link EmbeddedStore#DEFAULT_WAIT}.
     *
     * @throws InvalidInputException naming XENVLAN_STORE_WAIT for another value
     */
    public static Duration storeWait(Map<String, String> env) {
        String value = env.get(STORE_WAIT);
        if (value == null || value.isBlank()) {
            return EmbeddedStore.DEFAULT_WAIT;
        }
        if (!value.trim().matches("[0-9]{1,5}") || Integer.parseInt(value.trim()) < 1 || Integer.parseInt(value.trim()) > 86400) {
            throw new InvalidInputException(STORE_WAIT, "seconds", STORE_WAIT + ": whole seconds from 1 to 86400, got '"
                    + ConfigValues.clip(value) + "'");
        }
        return Duration.ofSeconds(Integer.parseInt(value.trim()));
    }

    private static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** {@code <state-dir>-netnode}, the network node's default directory. */
    public static Path netnodeBeside(Path stateDir) {
        Path state = stateDir.toAbsolutePath().normalize();
        return state.resolveSibling(state.getFileName() + "-netnode");
    }
}
