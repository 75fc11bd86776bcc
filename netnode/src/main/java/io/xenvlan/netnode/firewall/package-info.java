/**
 * The network node's packet rules: one nftables table that every service of the node (the
 * gateway, and later floating IPs and metadata) contributes sets, maps and chains to, applied as
 * one atomic transaction and read back as one listing for the self-check.
 */
package io.xenvlan.netnode.firewall;
