package io.xenvlan.sim;

/**
 * A VIF as a data plane sees it; xapi names the backend interface {@code vif<domid>.<device>}.
 *
 * @param hostUuid the host the VM runs on
 * @param hostName the host's name_label
 * @param vmUuid   the VM
 * @param vmName   the VM's name_label
 * @param domid    the VM's domain id on that host
 * @param vifUuid  the VIF
 * @param device   the VIF's device number (a decimal string)
 * @param mac      the VIF's MAC address
 * @param mtu      the VIF's MTU
 * @param bridge   the bridge of the VIF's network
 * @param locking  how the host's switch filters what the VIF sends
 */
public record VifPort(String hostUuid, String hostName, String vmUuid, String vmName, long domid,
                      String vifUuid, String device, String mac, long mtu, String bridge, VifLocking locking) {
}
