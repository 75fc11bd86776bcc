package io.xenvlan.xenapi.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** A XenAPI VIF record; {@code device} is the decimal device number on the VM. */
public record VifRecord(String uuid, String device, Ref<NetworkRecord> network, Ref<VmRecord> vm, String mac,
                        long mtu, Map<String, String> otherConfig, boolean currentlyAttached, String qosAlgorithmType,
                        Map<String, String> qosAlgorithmParams, String lockingMode, List<String> ipv4Allowed,
                        List<String> ipv6Allowed) {

    static VifRecord decode(JsonNode r) {
        return new VifRecord(Fields.str(r, "uuid"), Fields.str(r, "device"), Fields.ref(r, "network"),
                Fields.ref(r, "VM"), Fields.str(r, "MAC"), Fields.lng(r, "MTU", 1500), Fields.map(r, "other_config"),
                Fields.bool(r, "currently_attached", false), Fields.str(r, "qos_algorithm_type"),
                Fields.map(r, "qos_algorithm_params"), Fields.str(r, "locking_mode"), Fields.strings(r, "ipv4_allowed"),
                Fields.strings(r, "ipv6_allowed"));
    }
}
