package io.xenvlan.netnode;

import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.netnode.NamespaceName;
import io.xenvlan.core.value.InterfaceName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the network node role is configured with; validated here, at start-up, with
 * messages that name the setting.
 *
 * @param trunkBridge      OVS bridge holding the trunk (ovs driver)
 * @param trunkInterface   the trunk NIC (required by linuxbridge; added to the OVS bridge when set)
 * @param netns            namespace for legs, dnsmasq and gateway rules; the root namespace when empty
 * @param publicInterface  SNAT each network's range out of this interface when set
 * @param nodeName         this node's name in the store (networks are claimed by it)
 * @param stateDir         dnsmasq's files live in {@code stateDir/dnsmasq/<network id>/}
 * @param dhcpEventCommand argument list of {@code xenvlan dhcp-event} for nodes that prefer a
 *                         process per lease event: the node writes a wrapper script running it, used
 *                         as dnsmasq's {@code --dhcp-script}; empty (the default): each dnsmasq's
 *                         script spools its lease events and the node records them in batches
 * @param dhcpScript       an existing executable to use as {@code --dhcp-script} instead
 * @param portPrefix       prefix of the node's interface names (OVS legs {@code <prefix>g<vlan>})
 * @param coalesceWindow   changes within this window after the first give one rewrite and reload
 * @param pollInterval     how often the node looks at the store without being told of a change
 *                         (a safety net: the store wakes the node on each change)
 * @param checkInterval    how often the node checks and repairs its legs, gateway rules and
 *                         dnsmasq processes ({@link NodeCheck}); zero turns the check off
 * @param maxNetworks      the most networks this node serves; 0: as many as the kernel's limits allow
 *                         ({@link NodeLimits})
 * @param nodeLease        how long this node's lease on its networks lasts in the store without a
 *                         renewal (renewed every quarter of it; the node stops serving when it could
 *                         not renew for three quarters; another node takes its networks after it)
 */
public record NetworkNodeConfig(
        NetnodeDriver driver,
        Optional<OvsDbUrl> ovsDb,
        InterfaceName trunkBridge,
        Optional<InterfaceName> trunkInterface,
        Optional<NamespaceName> netns,
        Optional<InterfaceName> publicInterface,
        String nodeName,
        Path stateDir,
        List<String> dhcpEventCommand,
        Optional<Path> dhcpScript,
        String portPrefix,
        Duration coalesceWindow,
        Duration pollInterval,
        Duration leaseTime,
        Duration restartBackoffMin,
        Duration restartBackoffMax,
        Duration checkInterval,
        int maxNetworks,
        Duration nodeLease) {

    static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(30);
    static final Duration DEFAULT_COALESCE_WINDOW = Duration.ofMillis(150);
    public static final Duration DEFAULT_LEASE_TIME = Duration.ofSeconds(86400);
    static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
    static final Duration DEFAULT_NODE_LEASE = Duration.ofSeconds(6);

    /** @throws InvalidInputException naming the setting that breaks a rule */
    public NetworkNodeConfig {
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(ovsDb, "ovsDb");
        Objects.requireNonNull(trunkBridge, "trunkBridge");
        Objects.requireNonNull(trunkInterface, "trunkInterface");
        Objects.requireNonNull(netns, "netns");
        Objects.requireNonNull(publicInterface, "publicInterface");
        Objects.requireNonNull(stateDir, "stateDir");
        dhcpEventCommand = List.copyOf(dhcpEventCommand);
        Objects.requireNonNull(dhcpScript, "dhcpScript");
        if (nodeName == null || !nodeName.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}")) {
            throw new InvalidInputException("node-name", "node-name", "node-name: must be 1-64 of A-Z a-z 0-9 _ . -");
        }
        if (portPrefix == null || !portPrefix.matches("[a-z][a-z0-9]{0,5}")) {
            throw new InvalidInputException("port-prefix", "port-prefix", "port-prefix: must be 1-6 of a-z 0-9, starting with a letter");
        }
        if (driver == NetnodeDriver.LINUXBRIDGE && trunkInterface.isEmpty()) {
            throw new InvalidInputException("trunk-interface", "required",
                    "trunk-interface: the linuxbridge driver needs the trunk NIC (--trunk-interface)");
        }
        dhcpEventCommand.forEach(arg -> {
            if (arg.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new InvalidInputException("dhcp-event-command", "printable", "dhcp-event-command: control characters are not allowed");
            }
        });
        requireBetween("coalesce-window", coalesceWindow, Duration.ofMillis(1), Duration.ofSeconds(60));
        requireBetween("poll-interval", pollInterval, Duration.ofMillis(1), Duration.ofSeconds(60));
        requireBetween("lease-time", leaseTime, Duration.ofSeconds(120), Duration.ofDays(3650));
        requireBetween("restart-backoff-min", restartBackoffMin, Duration.ofMillis(1), Duration.ofMinutes(10));
        requireBetween("restart-backoff-max", restartBackoffMax, restartBackoffMin, Duration.ofHours(1));
        requireBetween("check-interval", checkInterval, Duration.ZERO, Duration.ofDays(1));
        requireBetween("node-lease", nodeLease, Duration.ofSeconds(2), Duration.ofMinutes(10));
        if (maxNetworks < 0 || maxNetworks > 100_000) {
            throw new InvalidInputException("max-networks", "range", "max-networks: must be between 0 (no cap) and 100000, got "
                    + maxNetworks);
        }
    }

    private static void requireBetween(String field, Duration value, Duration min, Duration max) {
        Objects.requireNonNull(value, field);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new InvalidInputException(field, "range", field + ": must be between " + min + " and " + max + ", got " + value);
        }
    }

    /**
     * Defaults: ovs driver, trunk bridge {@code xvtrunk}, 150 ms window, a look at the store every
     * second besides the store's wake-ups, 86400 s leases, backoff 1..30 s, a self-check every 30 s,
     * no cap on networks but the kernel's, a 6 s node lease.
     */
    public static Builder builder(String nodeName, Path stateDir) {
        return new Builder(nodeName, stateDir);
    }

    /** Fills in the defaults; every setter takes the value as validated type or the text a user gave. */
    public static final class Builder {
        private NetnodeDriver driver = NetnodeDriver.OVS;
        private Optional<OvsDbUrl> ovsDb = Optional.empty();
        private InterfaceName trunkBridge = new InterfaceName("xvtrunk");
        private Optional<InterfaceName> trunkInterface = Optional.empty();
        private Optional<NamespaceName> netns = Optional.empty();
        private Optional<InterfaceName> publicInterface = Optional.empty();
        private final String nodeName;
        private final Path stateDir;
        private List<String> dhcpEventCommand = List.of();
        private Optional<Path> dhcpScript = Optional.empty();
        private String portPrefix = "xv";
        private Duration coalesceWindow = DEFAULT_COALESCE_WINDOW;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private Duration leaseTime = DEFAULT_LEASE_TIME;
        private Duration restartBackoffMin = Duration.ofSeconds(1);
        private Duration restartBackoffMax = Duration.ofSeconds(30);
        private Duration checkInterval = DEFAULT_CHECK_INTERVAL;
        private int maxNetworks;
        private Duration nodeLease = DEFAULT_NODE_LEASE;

        private Builder(String nodeName, Path stateDir) {
            this.nodeName = nodeName;
            this.stateDir = stateDir;
        }

        public Builder driver(NetnodeDriver v) { driver = v; return this; }
        public Builder ovsDb(String v) { ovsDb = Optional.ofNullable(v).map(OvsDbUrl::new); return this; }
        public Builder trunkBridge(String v) { trunkBridge = InterfaceName.of("trunk-bridge", v); return this; }
        public Builder trunkInterface(String v) { trunkInterface = Optional.ofNullable(v).map(s -> InterfaceName.of("trunk-interface", s)); return this; }
        public Builder netns(String v) { netns = Optional.ofNullable(v).map(NamespaceName::new); return this; }
        public Builder publicInterface(String v) { publicInterface = Optional.ofNullable(v).map(s -> InterfaceName.of("public-interface", s)); return this; }
        public Builder dhcpEventCommand(List<String> v) { dhcpEventCommand = v; return this; }
        public Builder dhcpScript(Path v) { dhcpScript = Optional.ofNullable(v); return this; }
        public Builder portPrefix(String v) { portPrefix = v; return this; }
        public Builder coalesceWindow(Duration v) { coalesceWindow = v; return this; }
        Builder pollInterval(Duration v) { pollInterval = v; return this; }
        public Builder leaseTime(Duration v) { leaseTime = v; return this; }
        Builder restartBackoff(Duration min, Duration max) { restartBackoffMin = min; restartBackoffMax = max; return this; }
        public Builder checkInterval(Duration v) { checkInterval = v; return this; }
        public Builder maxNetworks(int v) { maxNetworks = v; return this; }
        public Builder nodeLease(Duration v) { nodeLease = v; return this; }

        /** @throws InvalidInputException naming the setting that breaks a rule */
        public NetworkNodeConfig build() {
            return new NetworkNodeConfig(driver, ovsDb, trunkBridge, trunkInterface, netns, publicInterface, nodeName,
                    stateDir, dhcpEventCommand, dhcpScript, portPrefix, coalesceWindow, pollInterval, leaseTime,
                    restartBackoffMin, restartBackoffMax, checkInterval, maxNetworks, nodeLease);
        }
    }
}
