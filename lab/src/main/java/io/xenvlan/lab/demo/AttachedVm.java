package io.xenvlan.lab.demo;

import io.xenvlan.core.guest.GuestProfile;
import io.xenvlan.netnode.dnsmasq.DnsSettings;
import io.xenvlan.core.network.Network;

/**
 * A demo VM after {@code vif attach}: where its VIF landed and what the IPAM gave it.
 *
 * @param vm            the VM
 * @param mac           its VIF's MAC (from the IPAM)
 * @param address       its fixed IP (from the IPAM)
 * @param network       its project's network (VLAN, bridge {@code brN}, gateway, DHCP server)
 * @param xenNetworkRef the pool's network for that VLAN
 * @param xenBridge     that network's bridge on the hosts ({@code xapiN})
 * @param device        the VIF's device number on the VM
 * @param profile       what it is told about itself: host name, SSH key (the metadata service serves it)
 */
public record AttachedVm(DemoVm vm, String mac, String address, Network network, String xenNetworkRef,
                         String xenBridge, String device, GuestProfile profile) {

    /** Its name in its network's DNS domain. */
    String fqdn() {
        return profile.hostname().value() + "." + DnsSettings.defaults().domainOf(network);
    }
}
