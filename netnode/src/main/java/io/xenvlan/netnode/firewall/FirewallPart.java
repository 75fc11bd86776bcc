package io.xenvlan.netnode.firewall;

/**
 * One service's share of the node's nftables table (the gateway's isolation and SNAT; floating
 * IPs' DNAT / SNAT maps; the metadata redirect). Every apply asks each part for everything it
 * wants now, so a part holds its state in memory and never edits the table itself.
 */
@FunctionalInterface
public interface FirewallPart {

    /** Adds this part's sets, maps and chains, as they should be now, to the table being built. */
    void contribute(NftTable.Builder table);
}
