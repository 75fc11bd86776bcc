package io.xenvlan.netnode;

import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.netnode.LeaseAction;
import io.xenvlan.core.netnode.LeaseEvent;
import io.xenvlan.core.value.Hostname;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.MacAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one call of dnsmasq's {@code --dhcp-script}: arguments {@code add|old|del <mac> <ip>
 * [hostname]} and the environment dnsmasq sets ({@code DNSMASQ_LEASE_EXPIRES} in epoch seconds,
 * or {@code DNSMASQ_LEASE_LENGTH} in seconds on builds without a real-time clock).
 */
public final class DhcpScriptCall {
    private DhcpScriptCall() {}

    /**
     * @return the lease event, or empty for the calls that are not about a lease ({@code init},
     *     {@code tftp}, {@code arp-add} ...)
     * @throws InvalidInputException naming the argument that is malformed
     */
    public static Optional<LeaseEvent> parse(List<String> args, Map<String, String> env, Clock clock) {
        if (args.isEmpty()) {
            throw new InvalidInputException("action", "required", "action: add, old or del is required");
        }
        LeaseAction action;
        switch (args.get(0).toLowerCase(Locale.ROOT)) {
            case "add" -> action = LeaseAction.ADD;
            case "old" -> action = LeaseAction.OLD;
            case "del" -> action = LeaseAction.DEL;
            default -> {
                return Optional.empty();
            }
        }
        if (args.size() < 3) {
            throw new InvalidInputException("ip", "required", "dhcp-event " + args.get(0) + " needs <mac> <ip> [hostname]");
        }
        MacAddress mac = MacAddress.parse("mac", args.get(1));
        Ipv4Address ip = Ipv4Address.parse("ip", args.get(2));
        Optional<String> hostname = args.size() > 3 && !args.get(3).isBlank()
                ? Optional.of(Hostname.sanitize(args.get(3)).value()) : Optional.empty();
        Instant now = clock.instant();
        return Optional.of(new LeaseEvent(action, mac, ip, hostname,
                action == LeaseAction.DEL ? Optional.empty() : expires(env, now), now));
    }

    private static Optional<Instant> expires(Map<String, String> env, Instant now) {
        String at = env.get("DNSMASQ_LEASE_EXPIRES");
        if (at != null && at.matches("[0-9]{1,12}")) {
            long epoch = Long.parseLong(at);
            return epoch == 0 ? Optional.empty() : Optional.of(Instant.ofEpochSecond(epoch)); // 0: infinite lease
        }
        String length = env.get("DNSMASQ_LEASE_LENGTH");
        if (length != null && length.matches("[0-9]{1,12}")) {
            return Optional.of(now.plusSeconds(Long.parseLong(length)));
        }
        return Optional.empty();
    }
}
