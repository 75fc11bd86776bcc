package io.xenvlan.sim.ovs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code tcpdump -e -nn} on an interface inside a namespace for a bounded time: the link-level
 * lines it printed (with {@code vlan N} for 802.1Q frames). Shows what a trunk carries.
 */
public final class PacketCapture {
    private final Process process;
    private final Path output;

    private PacketCapture(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /**
     * Starts capturing and returns once tcpdump listens.
     *
     * @throws DataPlaneException when tcpdump cannot start
     */
    public static PacketCapture start(String namespace, String device, int seconds) {
        return start(namespace, device, seconds, List.of());
    }

    /**
     * Starts capturing with more tcpdump arguments (options such as {@code -tt}, then a filter
     * expression) and returns once tcpdump listens.
     *
     * @throws DataPlaneException when tcpdump cannot start
     */
    public static PacketCapture start(String namespace, String device, int seconds, List<String> more) {
        if (!device.matches("[A-Za-z0-9_.-]{1,15}")) {
            throw new IllegalArgumentException("not an interface name: " + device);
        }
        try {
            List<String> argv = new java.util.ArrayList<>(List.of("timeout", Integer.toString(seconds),
                    "tcpdump", "-l", "-e", "-nn", "-i", device));
            argv.addAll(more);
            // to a file, not a pipe: a busy capture must never block on a full pipe
            Path output = Files.createTempFile("xenvlan-capture-", ".txt");
            Process p = new ProcessBuilder(Exec.inNamespace(namespace, argv)).redirectOutput(output.toFile()).start();
            // tcpdump says "listening on ..." on stderr once the capture is open
            InputStream err = p.getErrorStream();
            StringBuilder said = new StringBuilder();
            int c;
            while ((c = err.read()) >= 0 && said.indexOf("listening on") < 0) {
                said.append((char) c);
            }
            if (said.indexOf("listening on") < 0) {
                throw new DataPlaneException("tcpdump on " + device + " in " + namespace + " did not start: " + said);
            }
            return new PacketCapture(p, output);
        } catch (IOException e) {
            throw new DataPlaneException("cannot run tcpdump: " + e.getMessage(), e);
        }
    }

    /** Ends the capture now (or when its time is up) and returns what it saw, one frame a line. */
    public List<String> stop() {
        try {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
            return Files.readAllLines(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DataPlaneException("cannot read tcpdump's output: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return List.of();
        } finally {
            output.toFile().delete();
        }
    }
}
