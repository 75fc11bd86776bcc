package io.xenvlan.sim.ovs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code tcpdump -e -nn} on an interface inside a namespace for a bounded time: the link-level
 * lines it printed (with {@code vlan N} for 802.1Q frames). Shows what a trunk carries.
 */
public final class PacketCapture {
    private final Process process;

    private PacketCapture(Process process) {
        this.process = process;
    }

    /**
     * Starts capturing and returns once tcpdump listens.
     *
     * @throws DataPlaneException when tcpdump cannot start
     */
    public static PacketCapture start(String namespace, String device, int seconds) {
        if (!device.matches("[A-Za-z0-9_.-]{1,15}")) {
            throw new IllegalArgumentException("not an interface name: " + device);
        }
        try {
            Process p = new ProcessBuilder(Exec.inNamespace(namespace, List.of("timeout", Integer.toString(seconds),
                    "tcpdump", "-l", "-e", "-nn", "-i", device))).start();
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
            return new PacketCapture(p);
        } catch (IOException e) {
            throw new DataPlaneException("cannot run tcpdump: " + e.getMessage(), e);
        }
    }

    /** Waits for the capture's time to end and returns what it saw, one frame a line. */
    public List<String> lines() {
        try {
            process.waitFor(60, TimeUnit.SECONDS);
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new DataPlaneException("cannot read tcpdump's output: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return List.of();
        }
    }
}
