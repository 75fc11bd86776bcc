package io.xenvlan.xenapi.client;

/** {@code VLAN.*} messages. */
public final class VlanApi extends XenClassApi<VlanRecord> {

    VlanApi(XenApiClient client) {
        super(client, XenType.VLAN);
    }

    /**
     * {@code VLAN.create(tagged_PIF, tag, network)}: a VLAN PIF for {@code network} on the tagged
     * PIF's host, plugged. Fails with the reference's checks in order ({@code NETWORK_ALREADY_CONNECTED},
     * {@code PIF_IS_VLAN}, {@code VLAN_TAG_INVALID}, {@code PIF_VLAN_EXISTS} ...).
     */
    public Ref<VlanRecord> create(Ref<PifRecord> taggedPif, long tag, Ref<NetworkRecord> network) {
        return Ref.of(client.call("VLAN.create", taggedPif, tag, network).asText());
    }

    /** {@code VLAN.destroy}: removes the VLAN PIF and record, keeps the network. */
    public void destroy(Ref<VlanRecord> vlan) {
        client.call("VLAN.destroy", vlan);
    }
}
