package io.xenvlan.netnode.firewall;

import io.xenvlan.core.netnode.NamespaceName;
import io.xenvlan.netnode.exec.Command;
import io.xenvlan.netnode.exec.CommandRunner;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The node's packet rules as one nftables table ({@code ip xenvlan}), built from the parts every
 * service registers ({@link FirewallPart}) and replaced whole in one {@code nft -f -} transaction
 * whenever a part changes: one process however many networks, floating IPs or rules change, and
 * a packet never sees half an update. Sets and maps keep the rules a packet walks constant in the
 * number of networks. {@link #read} lists the table once for the self-check.
 *
 * <p>Forwarding is accepted by default in this table's chains; a host firewall of its own whose
 * forward policy drops must let the legs' traffic through.
 */
public final class NodeFirewall {
    /** The table's name in family {@code ip}. */
    public static final String TABLE = "xenvlan";

    private final CommandRunner runner;
    private final Optional<NamespaceName> netns;
    private final List<FirewallPart> parts = new CopyOnWriteArrayList<>();
    private final NftListing listing;

    public NodeFirewall(CommandRunner runner, Optional<NamespaceName> netns) {
        this.runner = runner;
        this.netns = netns;
        this.listing = new NftListing(runner, netns);
    }

    /** Adds a service's part; it takes effect at the next {@link #apply}. */
    public void register(FirewallPart part) {
        parts.add(part);
    }

    /**
     * Turns IPv4 forwarding on (the node routes for its networks) and {@code arp_notify} for the
     * interfaces made from now on: a leg sends a gratuitous ARP for its gateway and DHCP server
     * addresses when it comes up, so after a takeover the VMs' ARP caches point at this node's leg
     * at once (the kernel sends it; no process per address).
     */
    public void start() {
        runner.check(Command.change("sysctl", "-q", "-w", "net.ipv4.ip_forward=1", "net.ipv4.conf.default.arp_notify=1",
                "net.ipv4.conf.all.arp_notify=1").in(netns));
    }

    /** The table every part wants now. */
    public NftTable wanted() {
        NftTable.Builder table = new NftTable.Builder(TABLE);
        parts.forEach(p -> p.contribute(table));
        return table.build();
    }

    /**
     * Replaces the table with what the parts want now, in one transaction.
     *
     * @throws io.xenvlan.core.error.BackendFailureException when nft refuses it (the old table stays whole)
     */
    public synchronized void apply() {
        runner.check(Command.change("nft", "-f", "-").withInput(wanted().replaceScript()).in(netns));
    }

    /** The table as it is now, in one listing (through a kept {@code nft}, {@link NftListing}); absent when nftables has no such table. */
    public LiveTable read() {
        return listing.list("table ip " + TABLE).map(LiveTable::parse).orElseGet(LiveTable::absent);
    }

    /** Ends the {@code nft} kept for {@link #read} (a later read opens another). */
    public void close() {
        listing.close();
    }
}
