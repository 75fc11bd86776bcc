package io.xenvlan.server.chaos;

import io.xenvlan.server.testing.XenvlanJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code xenvlan server --roles api} in a JVM of its own on a fixed loopback port, so it can be
 * killed with SIGKILL and started again where its clients expect it.
 */
final class ServerProcess implements AutoCloseable {
    private static final Pattern ANNOUNCED = Pattern.compile("API on http://127\\.0\\.0\\.1:([0-9]+)");

    private final Path stateDir;
    private final List<String> dbArgs;
    private final Map<String, String> env;
    private final int port;
    private final Path log;
    private Process process;
    private int starts;

    private ServerProcess(Path stateDir, List<String> dbArgs, Map<String, String> env, int port) {
        this.stateDir = stateDir;
        this.dbArgs = dbArgs;
        this.env = env;
        this.port = port;
        this.log = stateDir.resolve("server.log");
    }

    /** Starts a server on a free port and waits until its API answers. */
    static ServerProcess start(Path stateDir, List<String> dbArgs, Map<String, String> env) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ServerProcess server = new ServerProcess(stateDir, dbArgs, env, port);
        server.restart();
        return server;
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    Path log() {
        return log;
    }

    /** Starts the JVM (again) and returns once it announced its API. */
    synchronized void restart() throws IOException {
        List<String> command = new ArrayList<>(XenvlanJvm.command(List.of("-XX:TieredStopAtLevel=1", "-Xmx256m"),
                List.of("server", "--roles", "api", "--listen", "127.0.0.1:" + port, "--state-dir", stateDir.toString())));
        command.addAll(dbArgs);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = pb.start();
        starts++;
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); ; line = out.readLine()) {
            if (line == null) {
                throw new IOException("the server ended before it announced its API; see " + log);
            }
            Matcher m = ANNOUNCED.matcher(line);
            if (m.find()) {
                break;
            }
        }
        CompletableFuture.runAsync(() -> drain(out)); // nothing more is expected on stdout; never let the pipe fill
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // drained
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    /** SIGKILL: no shutdown hook, no drain of in-flight requests, nothing flushed that was not durable. */
    synchronized void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    int starts() {
        return starts;
    }

    @Override
    public synchronized void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
