/**
 * Fixed IPs: a network's layout (reserved addresses, the DHCP range) and the allocations of
 * addresses with their MACs.
 */
package io.xenvlan.core.ipam;
