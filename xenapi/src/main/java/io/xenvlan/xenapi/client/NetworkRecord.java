package io.xenvlan.xenapi.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** A XenAPI network record; {@code pifs} and {@code vifs} are derived by the pool. */
public record NetworkRecord(String uuid, String nameLabel, String nameDescription, String bridge, long mtu,
                            List<Ref<PifRecord>> pifs, List<Ref<VifRecord>> vifs, Map<String, String> otherConfig,
                            boolean managed, List<String> tags, List<String> purpose) {

    static NetworkRecord decode(JsonNode r) {
        return new NetworkRecord(Fields.str(r, "uuid"), Fields.str(r, "name_label"), Fields.str(r, "name_description"),
                Fields.str(r, "bridge"), Fields.lng(r, "MTU", 1500), Fields.refs(r, "PIFs"), Fields.refs(r, "VIFs"),
                Fields.map(r, "other_config"), Fields.bool(r, "managed", true), Fields.strings(r, "tags"),
                Fields.strings(r, "purpose"));
    }
}
