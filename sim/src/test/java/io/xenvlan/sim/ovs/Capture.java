package io.xenvlan.sim.ovs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** tcpdump -e on an interface inside a namespace, for a bounded time; the link-level lines it printed. */
final class Capture {
    private final Process process;

    private Capture(Process process) {
        this.process = process;
    }

    static Capture start(String namespace, String device, int seconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Exec.inNamespace(namespace, List.of("timeout", Integer.toString(seconds),
                "tcpdump", "-l", "-e", "-nn", "-i", device))).redirectErrorStream(false).start();
        // tcpdump prints "listening on" to stderr once the capture is open
        byte[] buf = new byte[256];
        int n = p.getErrorStream().read(buf);
        if (n <= 0) {
            throw new IOException("tcpdump did not start");
        }
        return new Capture(p);
    }

    List<String> lines() throws IOException, InterruptedException {
        process.waitFor(30, TimeUnit.SECONDS);
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
}
