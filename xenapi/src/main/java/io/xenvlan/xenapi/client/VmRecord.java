package io.xenvlan.xenapi.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A XenAPI VM record (the fields needed to attach VIFs). The VM table also holds templates,
 * snapshots (which are templates too) and control domains: only a record with none of the three
 * flags is a VM.
 */
public record VmRecord(String uuid, String nameLabel, VmPowerState powerState, Ref<HostRecord> residentOn,
                       List<Ref<VifRecord>> vifs, Map<String, String> otherConfig, boolean isATemplate,
                       boolean isControlDomain, boolean isASnapshot) {

    static VmRecord decode(JsonNode r) {
        return new VmRecord(Fields.str(r, "uuid"), Fields.str(r, "name_label"),
                VmPowerState.fromWire(Fields.str(r, "power_state")), Fields.ref(r, "resident_on"), Fields.refs(r, "VIFs"),
                Fields.map(r, "other_config"), Fields.bool(r, "is_a_template", false),
                Fields.bool(r, "is_control_domain", false), Fields.bool(r, "is_a_snapshot", false));
    }
}
