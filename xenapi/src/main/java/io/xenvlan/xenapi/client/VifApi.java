package io.xenvlan.xenapi.client;

import java.util.List;

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

    /** {@code VIF.set_locking_mode}: {@code network_default}, {@code locked}, {@code unlocked} or {@code disabled}. */
    public void setLockingMode(Ref<VifRecord> vif, String mode) {
        client.call("VIF.set_locking_mode", vif, mode);
    }

    /** {@code VIF.set_ipv4_allowed}: the IPv4 addresses a locked VIF may send from. */
    public void setIpv4Allowed(Ref<VifRecord> vif, List<String> addresses) {
        client.call("VIF.set_ipv4_allowed", vif, addresses);
    }

    /** {@code VIF.destroy}; {@code OPERATION_NOT_ALLOWED} while attached to a running VM. */
    public void destroy(Ref<VifRecord> vif) {
        client.call("VIF.destroy", vif);
    }
}
