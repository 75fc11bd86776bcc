package io.xenvlan.sim;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * How to start a simulated pool. Build with {@link #builder()}; every setting has a default
 * (beside its name below) and is checked at {@link Builder#build()}.
 *
 * @param bindAddress  address of the master's endpoint ("127.0.0.1"); with a 127.x address,
 *                     members answer on the following loopback addresses, same port
 * @param port         the master's port (9363); 0 picks a free one
 * @param hosts        hosts in the pool, master included (3)
 * @param nics         physical NICs per host, one pool-wide network xenbrN each ([eth0, eth1])
 * @param vms          guest VMs, Running, spread over the hosts (6)
 * @param user         the account's user name ("root")
 * @param password     its password ({@link #DEFAULT_PASSWORD})
 * @param latency      delay added to every call (0)
 * @param failRate     fraction of mutating calls that fail (0)
 * @param seed         makes uuids, MACs and injected failures reproducible (0)
 * @param threads      HTTP worker threads shared by all endpoints (64)
 * @param maxBodyBytes largest request body accepted (4 MiB)
 * @param clock        time for timestamps (the system clock)
 * @param dataPlane    told about plugs and VM lifecycle ({@link DataPlane#NONE})
 * @param tls          when present, every endpoint speaks HTTPS with this context, as xapi does
 *                     (empty: plain HTTP)
 * @param failedLoginDelay how long a login with a wrong password waits before it fails (5 s, as
 *                     xapi; tests that try wrong passwords shorten it)
 * @param asyncTaskTime how long the task of an {@code Async.} call stays pending before the
 *                     operation runs (100 ms)
 */
public record SimulatorConfig(String bindAddress, int port, int hosts, List<String> nics, int vms,
                              String user, String password, Duration latency, double failRate, long seed,
                              int threads, int maxBodyBytes, Clock clock, DataPlane dataPlane,
                              Optional<SSLContext> tls, Duration failedLoginDelay, Duration asyncTaskTime) {

    /** The password when none is configured. The simulator guards nothing real. */
    public static final String DEFAULT_PASSWORD = "xenvlan";

    private static final Pattern NIC = Pattern.compile("[a-z][a-z0-9]{0,14}");

    /** @throws InvalidSettingException naming the setting and the rule it breaks */
    public SimulatorConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(dataPlane, "dataPlane");
        Objects.requireNonNull(tls, "tls");
        nics = List.copyOf(nics);
        check(port >= 0 && port <= 65535, "port", "must be 0..65535, got " + port);
        check(hosts >= 1 && hosts <= 64, "hosts", "must be 1..64, got " + hosts);
        check(!nics.isEmpty(), "nics", "must name at least one NIC");
        check(nics.stream().allMatch(n -> NIC.matcher(n).matches()), "nics",
                "must be interface names like eth0 (lower-case letters and digits, at most 15), got " + nics);
        check(nics.stream().distinct().count() == nics.size(), "nics", "must not repeat a name, got " + nics);
        check(vms >= 0 && vms <= 10_000, "vms", "must be 0..10000, got " + vms);
        check(user != null && !user.isEmpty(), "user", "must not be empty");
        check(password != null && !password.isEmpty(), "password", "must not be empty");
        check(latency != null && !latency.isNegative(), "latency", "must not be negative");
        check(failRate >= 0 && failRate <= 1, "failRate", "must be within 0..1, got " + failRate);
        check(threads >= 1 && threads <= 1024, "threads", "must be 1..1024, got " + threads);
        check(maxBodyBytes >= 1024, "maxBodyBytes", "must be at least 1024, got " + maxBodyBytes);
        check(failedLoginDelay != null && !failedLoginDelay.isNegative(), "failedLoginDelay", "must not be negative");
        check(asyncTaskTime != null && !asyncTaskTime.isNegative(), "asyncTaskTime", "must not be negative");
    }

    private static void check(boolean ok, String setting, String rule) {
        if (!ok) {
            throw new InvalidSettingException(setting, rule);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Defaults as documented on {@link SimulatorConfig}. */
    public static final class Builder {
        private String bindAddress = "127.0.0.1";
        private int port = 9363;
        private int hosts = 3;
        private List<String> nics = List.of("eth0", "eth1");
        private int vms = 6;
        private String user = "root";
        private String password = DEFAULT_PASSWORD;
        private Duration latency = Duration.ZERO;
        private double failRate;
        private long seed;
        private int threads = 64;
        private int maxBodyBytes = 4 * 1024 * 1024;
        private Clock clock = Clock.systemUTC();
        private DataPlane dataPlane = DataPlane.NONE;
        private SSLContext tls;
        private Duration failedLoginDelay = Duration.ofSeconds(5);
        private Duration asyncTaskTime = Duration.ofMillis(100);

        public Builder bindAddress(String v) { bindAddress = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder hosts(int v) { hosts = v; return this; }
        public Builder nics(List<String> v) { nics = v; return this; }
        public Builder vms(int v) { vms = v; return this; }
        public Builder user(String v) { user = v; return this; }
        public Builder password(String v) { password = v; return this; }
        public Builder latency(Duration v) { latency = v; return this; }
        public Builder failRate(double v) { failRate = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder threads(int v) { threads = v; return this; }
        Builder maxBodyBytes(int v) { maxBodyBytes = v; return this; }
        public Builder clock(Clock v) { clock = v; return this; }
        public Builder dataPlane(DataPlane v) { dataPlane = v; return this; }
        /** Serve HTTPS with this context (its key manager holds the server certificate). */
        public Builder tls(SSLContext v) { tls = v; return this; }
        public Builder failedLoginDelay(Duration v) { failedLoginDelay = v; return this; }
        Builder asyncTaskTime(Duration v) { asyncTaskTime = v; return this; }

        /** @throws InvalidSettingException naming the first bad setting */
        public SimulatorConfig build() {
            return new SimulatorConfig(bindAddress, port, hosts, nics, vms, user, password, latency, failRate,
                    seed, threads, maxBodyBytes, clock, dataPlane, Optional.ofNullable(tls), failedLoginDelay,
                    asyncTaskTime);
        }
    }
}
