/**
 * The network node role: the loop that publishes the store's changes ({@link
 * io.xenvlan.netnode.NetworkNodeService}), the node that serves networks in batches ({@link
 * io.xenvlan.netnode.DnsmasqNetworkNode}), its self-check, and the kernel limits it heeds.
 */
package io.xenvlan.netnode;
