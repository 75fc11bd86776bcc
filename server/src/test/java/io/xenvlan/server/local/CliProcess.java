package io.xenvlan.server.local;

import io.xenvlan.server.testing.XenvlanJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code xenvlan ...} in a JVM of its own (as an operator or a script runs it), with its exit code and output. */
record CliProcess(int exit, String out, String err) {
    /** Any permission beyond the owner's. */
    static final Set<PosixFilePermission> GROUP_OR_OTHERS = Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);
    private static final Pattern API = Pattern.compile("API on http://127\\.0\\.0\\.1:([0-9]+)");

    /** The command line of {@code xenvlan args...} on this test's class path. */
    static List<String> argv(String... args) {
        return XenvlanJvm.command(XenvlanJvm.SHORT_COMMAND, List.of(args));
    }

    /** Starts {@code xenvlan args...} in {@code cwd} with {@code env} added, its output going to files in {@code logs}. */
    static Process start(Path cwd, Map<String, String> env, Path logs, String name, String... args) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(argv(args)).directory(cwd.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("XENVLAN_"));
        pb.environment().putAll(env);
        pb.redirectOutput(logs.resolve(name + ".out").toFile()).redirectError(logs.resolve(name + ".err").toFile());
        return pb.start();
    }

    /** Waits for a process {@link #start} started and reads its output. */
    static CliProcess finish(Process p, Path logs, String name, long timeoutSeconds) throws Exception {
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(name + " did not finish in " + timeoutSeconds + " s");
        }
        return new CliProcess(p.exitValue(), Files.readString(logs.resolve(name + ".out"), StandardCharsets.UTF_8),
                Files.readString(logs.resolve(name + ".err"), StandardCharsets.UTF_8));
    }

    /** The API port a {@code xenvlan server} process prints when it has started. */
    static int announcedApiPort(Process server) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            Matcher m = API.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("the server ended without announcing its API");
    }

    static CliProcess run(Path cwd, Map<String, String> env, Path logs, String name, String... args) throws Exception {
        return finish(start(cwd, env, logs, name, args), logs, name, 180);
    }
}
