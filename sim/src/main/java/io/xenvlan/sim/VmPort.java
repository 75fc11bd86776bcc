package io.xenvlan.sim;

/**
 * A VM as a data plane sees it.
 *
 * @param hostUuid the host it runs (or ran) on
 * @param hostName the host's name_label
 * @param vmUuid   the VM
 * @param vmName   the VM's name_label
 * @param domid    its domain id on that host
 */
public record VmPort(String hostUuid, String hostName, String vmUuid, String vmName, long domid) {
}
