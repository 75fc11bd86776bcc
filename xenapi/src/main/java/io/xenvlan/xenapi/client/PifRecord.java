package io.xenvlan.xenapi.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A XenAPI PIF record. {@code vlan} is -1 for a physical or bond PIF; a VLAN PIF keeps the
 * tagged PIF's device name ({@code eth1}, not {@code eth1.100}).
 */
public record PifRecord(String uuid, String device, Ref<HostRecord> host, Ref<NetworkRecord> network, String mac,
                        long mtu, long vlan, boolean physical, boolean currentlyAttached, boolean management,
                        boolean managed, Ref<VlanRecord> vlanMasterOf, List<Ref<VlanRecord>> vlanSlaveOf,
                        Ref<Bond> bondSlaveOf, List<Ref<Bond>> bondMasterOf, Map<String, String> otherConfig,
                        String ipConfigurationMode, String ip, String netmask, String gateway) {

    /** True when this PIF is the untagged side of a VLAN. */
    public boolean isVlan() {
        return vlan >= 0;
    }

    static PifRecord decode(JsonNode r) {
        return new PifRecord(Fields.str(r, "uuid"), Fields.str(r, "device"), Fields.ref(r, "host"),
                Fields.ref(r, "network"), Fields.str(r, "MAC"), Fields.lng(r, "MTU", 1500), Fields.lng(r, "VLAN", -1),
                Fields.bool(r, "physical", false), Fields.bool(r, "currently_attached", false),
                Fields.bool(r, "management", false), Fields.bool(r, "managed", true), Fields.ref(r, "VLAN_master_of"),
                Fields.refs(r, "VLAN_slave_of"), Fields.ref(r, "bond_slave_of"), Fields.refs(r, "bond_master_of"),
                Fields.map(r, "other_config"), Fields.str(r, "ip_configuration_mode"), Fields.str(r, "IP"),
                Fields.str(r, "netmask"), Fields.str(r, "gateway"));
    }
}
