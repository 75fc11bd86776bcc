/**
 * The compute side over XenAPI (the blueprint's steps): per pool, find or create the VLAN network
 * by name label on every host race-free, create and plug VIFs on the VM's host, index VMs, retry
 * transient faults; implements the core's {@code HypervisorNetworking} port.
 */
package io.xenvlan.xenapi.compute;
