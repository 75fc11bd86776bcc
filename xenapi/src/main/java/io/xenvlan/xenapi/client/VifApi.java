package io.xenvlan.xenapi.client;

/** {@code VIF.*} messages. */
public final class VifApi extends XenClassApi<VifRecord> {

    VifApi(XenApiClient client) {
        super(client, XenType.VIF);
    }

    /** {@code VIF.create}; the VIF starts detached. */
    public Ref<VifRecord> create(VifSpec spec) {
        return Ref.of(client.call("VIF.create", spec.toStruct()).asText());
    }

    /** {@code VIF.plug}; {@code VM_BAD_POWER_STATE} unless the VM runs. */
    public void plug(Ref<VifRecord> vif) {
        client.call("VIF.plug", vif);
    }

    public void unplug(Ref<VifRecord> vif) {
        client.call("VIF.unplug", vif);
    }

    /** {@code VIF.destroy}; {@code OPERATION_NOT_ALLOWED} while attached to a running VM. */
    public void destroy(Ref<VifRecord> vif) {
        client.call("VIF.destroy", vif);
    }
}
