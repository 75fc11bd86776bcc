package io.xenvlan.xenapi.client;

import java.util.List;
import java.util.Map;

/** {@code VM.*} getters needed to attach VIFs. */
public final class VmApi extends NamedClassApi<VmRecord> {

    VmApi(XenApiClient client) {
        super(client, XenType.VM);
    }

    VmPowerState getPowerState(Ref<VmRecord> vm) {
        return VmPowerState.fromWire(field(vm, "power_state").asText());
    }

    public Ref<HostRecord> getResidentOn(Ref<VmRecord> vm) {
        return Ref.of(field(vm, "resident_on").asText());
    }

    List<Ref<VifRecord>> getVifs(Ref<VmRecord> vm) {
        return refs(field(vm, "VIFs"));
    }

    Map<String, String> getOtherConfig(Ref<VmRecord> vm) {
        return Fields.stringMap(field(vm, "other_config"));
    }
}
