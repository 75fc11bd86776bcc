/**
 * The compute side's use cases and ports: attach and detach of VIFs (address, MAC, the VLAN
 * network on every host), the pools and their settings and secrets, the audit of a pool against
 * the store, and the wait for DHCP. A VM is an {@link io.xenvlan.core.value.InstanceId} (its uuid
 * in the pool) throughout; only the records read raw from a pool for audits ({@link PoolVif},
 * {@link PoolVm}) keep its uuid as the pool's text.
 */
package io.xenvlan.core.hypervisor;
