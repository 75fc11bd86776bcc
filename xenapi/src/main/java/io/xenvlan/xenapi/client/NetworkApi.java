package io.xenvlan.xenapi.client;

import java.util.List;

/** {@code network.*} messages. */
public final class NetworkApi extends NamedClassApi<NetworkRecord> {

    NetworkApi(XenApiClient client) {
        super(client, XenType.NETWORK);
    }

    /** {@code network.create}; {@code INVALID_VALUE} or {@code BRIDGE_NAME_EXISTS} for a bad bridge. */
    public Ref<NetworkRecord> create(NetworkSpec spec) {
        return Ref.of(client.call("network.create", spec.toStruct()).asText());
    }

    /** {@code network.destroy}; {@code NETWORK_CONTAINS_PIF} / {@code NETWORK_CONTAINS_VIF} while in use. */
    public void destroy(Ref<NetworkRecord> network) {
        client.call("network.destroy", network);
    }

    String getBridge(Ref<NetworkRecord> network) {
        return field(network, "bridge").asText();
    }

    List<Ref<PifRecord>> getPifs(Ref<NetworkRecord> network) {
        return refs(field(network, "PIFs"));
    }
}
