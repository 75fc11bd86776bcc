package io.xenvlan.sim;

/**
 * A PIF as a data plane sees it.
 *
 * @param hostUuid     the host it belongs to
 * @param hostName     the host's name_label
 * @param pifUuid      the PIF
 * @param device       the NIC ({@code eth1}; a VLAN PIF carries its tagged PIF's device)
 * @param vlan         the tag, or -1 for a physical PIF
 * @param bridge       the bridge of the PIF's network ({@code xenbr1}, {@code xapi3})
 * @param parentBridge for a VLAN PIF, the bridge of the tagged PIF's network; else empty
 * @param mtu          the PIF's MTU
 */
public record PifPort(String hostUuid, String hostName, String pifUuid, String device, long vlan,
                      String bridge, String parentBridge, long mtu) {
}
