package io.xenvlan.xenapi.client;

/** {@code PIF.*} messages. */
public final class PifApi extends XenClassApi<PifRecord> {

    PifApi(XenApiClient client) {
        super(client, XenType.PIF);
    }

    void plug(Ref<PifRecord> pif) {
        client.call("PIF.plug", pif);
    }

    void unplug(Ref<PifRecord> pif) {
        client.call("PIF.unplug", pif);
    }
}
