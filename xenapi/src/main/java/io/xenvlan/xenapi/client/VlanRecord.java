package io.xenvlan.xenapi.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** A XenAPI VLAN record: the tagged (trunk) PIF, the untagged VLAN PIF and the tag. */
public record VlanRecord(String uuid, Ref<PifRecord> taggedPif, Ref<PifRecord> untaggedPif, long tag,
                         Map<String, String> otherConfig) {

    static VlanRecord decode(JsonNode r) {
        return new VlanRecord(Fields.str(r, "uuid"), Fields.ref(r, "tagged_PIF"), Fields.ref(r, "untagged_PIF"),
                Fields.lng(r, "tag", -1), Fields.map(r, "other_config"));
    }
}
