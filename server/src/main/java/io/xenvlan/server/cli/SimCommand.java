package io.xenvlan.server.cli;

import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.sim.InvalidSettingException;
import io.xenvlan.sim.PoolSimulator;
import io.xenvlan.sim.SimHost;
import io.xenvlan.sim.SimulatorConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xenvlan sim}: runs a simulated XenServer / XCP-ng pool that speaks XenAPI (XML-RPC and
 * JSON-RPC) until stopped, so xenvlan (or any XenAPI client) can be tried without a real pool.
 */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = "Run a simulated XenServer / XCP-ng pool (XenAPI over XML-RPC and JSON-RPC) until stopped.")
final class SimCommand implements Runnable {
    private static final Map<String, String> OPTION_OF_SETTING = Map.of(
            "port", "--port", "hosts", "--hosts", "nics", "--nics", "vms", "--vms", "user", "--user",
            "password", "--password-file", "latency", "--latency-ms", "failRate", "--fail-rate");

    @Spec CommandSpec spec;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "address of the master's endpoint; members use the next loopback addresses (default ${DEFAULT-VALUE})")
    String bind;

    @Option(names = "--port", defaultValue = "9363", description = "the master's port, 0 for any free one (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--hosts", defaultValue = "3", description = "hosts in the pool, master included (default ${DEFAULT-VALUE})")
    int hosts;

    @Option(names = "--nics", defaultValue = "eth0,eth1", split = ",", paramLabel = "NIC",
            description = "physical NICs per host, one pool-wide network xenbrN each (default ${DEFAULT-VALUE})")
    List<String> nics;

    @Option(names = "--vms", defaultValue = "6", description = "running guest VMs spread over the hosts (default ${DEFAULT-VALUE})")
    int vms;

    @Option(names = "--user", defaultValue = "root", description = "the XenAPI user name (default ${DEFAULT-VALUE})")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "file whose first line is the password (default: the built-in simulator password, printed at start)")
    Path passwordFile;

    @Option(names = "--latency-ms", defaultValue = "0", description = "delay added to every call (default ${DEFAULT-VALUE})")
    long latencyMs;

    @Option(names = "--fail-rate", defaultValue = "0", description = "fraction 0..1 of mutating calls that fail (default ${DEFAULT-VALUE})")
    double failRate;

    @Option(names = "--seed", defaultValue = "0", description = "seed for uuids, MACs and injected failures (default ${DEFAULT-VALUE})")
    long seed;

    /** Counted down to stop the pool; the JVM's shutdown (Ctrl-C) does it too. */
    final CountDownLatch stopSignal = new CountDownLatch(1);

    @Override
    public void run() {
        SimulatorConfig config = config();
        PoolSimulator sim;
        try {
            sim = PoolSimulator.start(config);
        } catch (UnknownHostException e) {
            throw new InvalidInputException("--bind", "must be an address of this machine", "--bind " + bind + " is not an address");
        } catch (IOException e) {
            throw new InvalidInputException("--port", "must be free",
                    "cannot listen on " + bind + ":" + port + " (" + e.getMessage() + ")");
        }
        Thread hook = new Thread(() -> {
            sim.stop();
            stopSignal.countDown();
        }, "xenvlan-sim-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        PrintWriter out = spec.commandLine().getOut();
        summary(sim, config, passwordFile == null, out);
        out.flush();
        try {
            stopSignal.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            sim.stop();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it stops the pool itself
            }
        }
    }

    SimulatorConfig config() {
        if (latencyMs < 0) {
            throw InvalidInputException.of("--latency-ms", "must not be negative");
        }
        try {
            return SimulatorConfig.builder().bindAddress(bind).port(port).hosts(hosts).nics(nics).vms(vms).user(user)
                    .password(passwordFile == null ? SimulatorConfig.DEFAULT_PASSWORD : readPassword(passwordFile))
                    .latency(Duration.ofMillis(latencyMs)).failRate(failRate).seed(seed).build();
        } catch (InvalidSettingException e) {
            String option = OPTION_OF_SETTING.getOrDefault(e.setting(), e.setting());
            throw new InvalidInputException(option, e.rule(), option + " " + e.rule());
        }
    }

    /** The first line of the file; never printed anywhere. */
    private static String readPassword(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException("--password-file", "must be a readable file",
                    "--password-file " + file + " cannot be read (" + e.getClass().getSimpleName() + ")");
        } catch (UncheckedIOException e) {
            throw new InvalidInputException("--password-file", "must be UTF-8 text", "--password-file " + file + " is not UTF-8 text");
        }
        if (lines.isEmpty() || lines.get(0).isEmpty()) {
            throw new InvalidInputException("--password-file", "must not be empty", "--password-file " + file + " has an empty first line");
        }
        return lines.get(0);
    }

    static void summary(PoolSimulator sim, SimulatorConfig config, boolean defaultPassword, PrintWriter out) {
        out.println("xenvlan sim: a simulated XenServer / XCP-ng pool is running (XenAPI; nothing here is a real host).");
        out.println("  XML-RPC   " + sim.url());
        out.println("  JSON-RPC  " + sim.jsonRpcUrl());
        out.println("  stats     " + sim.statsUrl());
        out.println("  login     user " + config.user() + ", password "
                + (defaultPassword ? "\"" + SimulatorConfig.DEFAULT_PASSWORD
                        + "\" (the simulator's built-in default; choose one with --password-file)"
                        : "from the password file"));
        for (SimHost h : sim.hosts()) {
            out.println("  host      " + h.name() + (h.master() ? "  master  " : "  member  ") + h.url()
                    + (h.master() ? "" : "  (answers HOST_IS_SLAVE " + sim.masterAddress() + ")"));
        }
        for (int i = 0; i < config.nics().size(); i++) {
            out.println("  network   xenbr" + i + " \"Pool-wide network " + i + "\" on " + config.nics().get(i) + " of every host");
        }
        out.println("  VMs       " + config.vms() + " running guests (plus a control domain per host)");
        out.println("  faults    latency " + config.latency().toMillis() + " ms, fail rate " + config.failRate()
                + " of mutating calls, seed " + config.seed());
        out.println("Stop with Ctrl-C.");
    }
}
