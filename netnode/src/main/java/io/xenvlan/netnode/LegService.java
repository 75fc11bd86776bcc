package io.xenvlan.netnode;

import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.netnode.firewall.FirewallPart;
import io.xenvlan.netnode.firewall.LiveTable;
import java.util.List;

/**
 * A service the node offers on each served network's leg besides DHCP and the gateway (the
 * metadata service, the DNS guard). Its packet rules are its part of the node's nftables table
 * ({@link FirewallPart}): {@link #serve} and {@link #stop} change only what the part holds, and the
 * node applies the table once for every network served or dropped together (one transaction,
 * atomic with the gateway's rules). The self-check asks it what is missing; every call is idempotent.
 */
public interface LegService extends FirewallPart {

    /** Serves {@code network} on {@code leg} from the node's next apply of its table on (again: a repair calls it too). */
    void serve(Network network, InterfaceName leg);

    /** Stops serving {@code network} (its rules go at the node's next apply). */
    void stop(Network network, InterfaceName leg);

    /**
     * What of {@code network}'s share is not in {@code live} (the node's table, read once per
     * self-check pass), one line each for the log; the part's sets and chains themselves are
     * checked node-wide.
     */
    List<String> missing(Network network, InterfaceName leg, LiveTable live);
}
