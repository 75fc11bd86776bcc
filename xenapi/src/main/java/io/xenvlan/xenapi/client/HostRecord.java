package io.xenvlan.xenapi.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** A XenAPI host record (the fields xenvlan reads). */
public record HostRecord(String uuid, String nameLabel, String nameDescription, String address, boolean enabled,
                         List<Ref<PifRecord>> pifs, List<Ref<VmRecord>> residentVms,
                         long apiVersionMajor, long apiVersionMinor, Map<String, String> otherConfig) {

    static HostRecord decode(JsonNode r) {
        return new HostRecord(Fields.str(r, "uuid"), Fields.str(r, "name_label"), Fields.str(r, "name_description"),
                Fields.str(r, "address"), Fields.bool(r, "enabled", true), Fields.refs(r, "PIFs"),
                Fields.refs(r, "resident_VMs"), Fields.lng(r, "API_version_major", 0),
                Fields.lng(r, "API_version_minor", 0), Fields.map(r, "other_config"));
    }
}
