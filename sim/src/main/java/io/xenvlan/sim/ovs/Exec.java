package io.xenvlan.sim.ovs;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs commands from argument lists (never through a shell), with a time limit, capturing their
 * output. The data plane's only way to touch the machine.
 *
 * <p>Output goes through temporary files rather than pipes: daemons that a command starts
 * (ovsdb-server, dnsmasq) may keep the inherited descriptors open long after the command ends.
 */
public final class Exec {
    private static final Logger LOG = LoggerFactory.getLogger(Exec.class);
    private static final Duration DEFAULT_LIMIT = Duration.ofSeconds(30);
    private static final File NO_INPUT = new File("/dev/null");

    private Exec() {}

    /** Runs a command to its end (killed after 30 s) and returns what it gave, whatever its status. */
    public static ExecResult run(List<String> argv) {
        return run(argv, DEFAULT_LIMIT);
    }

    /** Runs a command to its end, killed after {@code limit}. */
    public static ExecResult run(List<String> argv, Duration limit) {
        List<String> command = List.copyOf(argv);
        long start = System.nanoTime();
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("xenvlan-exec-", ".out");
            err = Files.createTempFile("xenvlan-exec-", ".err");
            Process process = new ProcessBuilder(command).redirectInput(NO_INPUT)
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            boolean done = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            LOG.debug("{} ms: {}", (System.nanoTime() - start) / 1_000_000, command);
            return new ExecResult(command, done ? process.exitValue() : -1, Files.readString(out, StandardCharsets.UTF_8),
                    done ? stderr : stderr + "(killed after " + limit.toMillis() + " ms)");
        } catch (IOException e) {
            return new ExecResult(command, 127, "", "cannot run " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ExecResult(command, -1, "", "interrupted");
        } finally {
            delete(out);
            delete(err);
        }
    }

    private static void delete(Path file) {
        if (file != null) {
            file.toFile().delete();
        }
    }

    /** Runs a command and insists on exit status 0. @throws DataPlaneException naming the command and its error output */
    public static ExecResult check(List<String> argv) {
        ExecResult result = run(argv);
        if (!result.ok()) {
            throw new DataPlaneException(String.join(" ", result.argv()) + " failed (exit " + result.exitCode() + "): "
                    + result.stderr().strip());
        }
        return result;
    }

    /** {@code ip netns exec NS argv...}. */
    public static List<String> inNamespace(String namespace, List<String> argv) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(argv);
        return full;
    }
}
