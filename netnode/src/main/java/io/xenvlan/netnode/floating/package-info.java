/**
 * Floating IPs on the network node: each association of a network this node serves becomes its
 * floating address on a public interface, DNAT to and SNAT from the fixed address, and the
 * project's ingress chain, all in one nftables table of maps (so one packet costs the same with
 * 1 or 1,000 associations, and an association is a few map elements, applied in batches). The
 * service follows the store ({@link io.xenvlan.core.port.FloatingNodeStore}), restores what
 * the store holds at start and repairs drift in its self-check.
 */
package io.xenvlan.netnode.floating;
