package io.xenvlan.xenapi.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** A XenAPI pool record (the fields xenvlan reads). */
record PoolRecord(String uuid, String nameLabel, String nameDescription, Ref<HostRecord> master,
                         Map<String, String> otherConfig) {

    static PoolRecord decode(JsonNode r) {
        return new PoolRecord(Fields.str(r, "uuid"), Fields.str(r, "name_label"), Fields.str(r, "name_description"),
                Fields.ref(r, "master"), Fields.map(r, "other_config"));
    }
}
