package io.xenvlan.xenapi.client;

import java.util.List;

/** {@code pool.*} messages. */
public final class PoolApi extends NamedClassApi<PoolRecord> {

    PoolApi(XenApiClient client) {
        super(client, XenType.POOL);
    }

    Ref<HostRecord> getMaster(Ref<PoolRecord> pool) {
        return Ref.of(field(pool, "master").asText());
    }

    /**
     * {@code pool.create_VLAN_from_PIF(pif, network, VLAN)}: a VLAN on every live host's PIF that
     * shares {@code pif}'s network; rolled back by the pool on the first error.
     *
     * @return the new VLAN PIFs
     */
    public List<Ref<PifRecord>> createVlanFromPif(Ref<PifRecord> pif, Ref<NetworkRecord> network, long tag) {
        return refs(client.call("pool.create_VLAN_from_PIF", pif, network, tag));
    }

    /** {@code pool.create_VLAN(device, network, VLAN)} (matches by device name; breaks on bonds). */
    List<Ref<PifRecord>> createVlan(String device, Ref<NetworkRecord> network, long tag) {
        return refs(client.call("pool.create_VLAN", device, network, tag));
    }
}
