package io.xenvlan.server.cli;

import io.xenvlan.server.body.LeaseEventBody;
import io.xenvlan.core.netnode.LeaseEvent;
import io.xenvlan.netnode.DhcpScriptCall;
import io.xenvlan.server.local.StoreTurn;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code xenvlan dhcp-event add|old|del <mac> <ip> [hostname]}: dnsmasq's {@code --dhcp-script}
 * for nodes that prefer a process per lease event ({@code netnode.lease-events = command}, through
 * the wrapper the network node writes; by default the node spools lease events and records them itself). Reads DNSMASQ_LEASE_EXPIRES or
 * DNSMASQ_LEASE_LENGTH and records the lease event in the store; other calls (init, tftp ...) are ignored.
 */
@Command(name = "dhcp-event", mixinStandardHelpOptions = true,
        description = {"Record a lease event from dnsmasq (its --dhcp-script): add, old or del <mac> <ip> [hostname].",
                "The network node sets this up itself with netnode.lease-events = command (by default it spools lease events and records them itself); there is no need to run it by hand."})
final class DhcpEventCommand implements Runnable {
    @Mixin GlobalOptions global;
    @Parameters(paramLabel = "ARG", arity = "1..*", description = "add|old|del <mac> <ip> [hostname], as dnsmasq passes them")
    List<String> args;

    @Override
    public void run() {
        Optional<LeaseEvent> event = DhcpScriptCall.parse(args, System.getenv(), Clock.systemUTC());
        if (event.isPresent()) {
            try (StoreTurn turn = global.turn(2)) {
                if (turn instanceof StoreTurn.Held held) {
                    Map<String, String> env = new HashMap<>();
                    for (String name : List.of("DNSMASQ_LEASE_EXPIRES", "DNSMASQ_LEASE_LENGTH")) {
                        Optional.ofNullable(System.getenv(name)).ifPresent(v -> env.put(name, v));
                    }
                    held.client().post("/local/lease-events", new LeaseEventBody(args, env));
                } else {
                    ((StoreTurn.Opened) turn).store().recordLeaseEvent(event.get());
                }
            }
        }
    }
}
