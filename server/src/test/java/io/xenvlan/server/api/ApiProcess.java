package io.xenvlan.server.api;

import io.xenvlan.server.testing.XenvlanJvm;
import io.xenvlan.store.TestDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A second API process: {@code xenvlan server --roles api} in its own JVM on the same database, on a free port. */
final class ApiProcess implements AutoCloseable {
    private static final Pattern ANNOUNCED = Pattern.compile("API on http://127\\.0\\.0\\.1:([0-9]+)");

    private final Process process;
    private final int port;

    private ApiProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts it with {@code env} added to its environment, and waits until it announces its port. */
    static ApiProcess start(TestDatabase db, Path state, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(XenvlanJvm.command(List.of(), List.of("server", "--roles", "api", "--listen", "127.0.0.1:0",
                "--db", db.url(), "--state-dir", state.toString())));
        pb.environment().put("XENVLAN_DB_USER", db.user().orElse(""));
        pb.environment().put("XENVLAN_DB_PASSWORD", db.password().orElse(""));
        pb.environment().putAll(env);
        pb.redirectError(state.resolve("server.log").toFile());
        Process p = pb.start();
        try {
            return new ApiProcess(p, announcedPort(p));
        } catch (IOException | RuntimeException e) {
            p.destroyForcibly();
            throw e;
        }
    }

    private static int announcedPort(Process p) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        // logback may report its configuration on stdout first
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            Matcher m = ANNOUNCED.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new IllegalStateException("the API process ended without announcing its port");
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    /** Stops it with SIGTERM; true when it ended within 30 s. */
    boolean stop() throws InterruptedException {
        process.destroy();
        return process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (!stop()) {
            process.destroyForcibly();
        }
    }
}
