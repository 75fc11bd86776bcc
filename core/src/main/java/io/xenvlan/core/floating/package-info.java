/**
 * Floating IPs (nova-network's {@code floating_ips}): pools of public addresses an operator creates,
 * that a project allocates and associates 1:1 with a VM's fixed address, NATed by the network node
 * that serves the VM's network, behind a per-project ingress firewall. Values, the store ports
 * ({@link io.xenvlan.core.port.FloatingStore} for the API side,
 * {@link io.xenvlan.core.port.FloatingNodeStore} for network nodes) and the use case
 * {@link io.xenvlan.core.floating.FloatingIps}.
 */
package io.xenvlan.core.floating;
