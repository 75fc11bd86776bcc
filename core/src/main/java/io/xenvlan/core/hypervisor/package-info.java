/**
 * The compute side's use cases and ports: attach and detach of VIFs (address, MAC, the VLAN
 * network on every host), the pools and their settings and secrets, the audit of a pool against
 * the store, and the wait for DHCP.
 */
package io.xenvlan.core.hypervisor;
