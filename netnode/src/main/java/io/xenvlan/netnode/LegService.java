package io.xenvlan.netnode;

import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.netnode.exec.IptablesListing;
import java.util.List;

/**
 * A service the node offers on each served network's leg besides DHCP and the gateway (the
 * metadata service). The node calls it after the leg and the gateway are in place, and the
 * self-check asks it what is missing; every call is idempotent.
 */
public interface LegService {

    /** Serves {@code network} on {@code leg} (again: a repair calls it too). */
    void serve(Network network, InterfaceName leg);

    /** Stops serving {@code network}. */
    void stop(Network network, InterfaceName leg);

    /**
     * What is not in place for {@code network} in {@code rules} (the node's iptables rules, read
     * once per self-check pass), one line each for the log.
     */
    List<String> missing(Network network, InterfaceName leg, IptablesListing rules);
}
