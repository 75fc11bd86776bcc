package io.xenvlan.server.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.xenvlan.core.floating.Associated;
import io.xenvlan.core.floating.FloatingAssociation;
import io.xenvlan.core.floating.FloatingIp;
import io.xenvlan.core.floating.FloatingPool;
import io.xenvlan.core.floating.FloatingPoolName;
import io.xenvlan.core.floating.IngressRule;
import io.xenvlan.core.floating.PoolUsage;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.ProjectId;
import java.util.Optional;

/** The API's floating JSON shapes read back into core records (the inverse of the render package's FloatingViews). */
final class FloatingRecords {
    private FloatingRecords() {}

    static PoolUsage pool(JsonNode p) {
        return new PoolUsage(FloatingPool.parse(p.get("pool").asText(), p.get("range").asText(), text(p, "interface")),
                p.get("allocated").asLong(), p.get("associated").asLong());
    }

    static FloatingIp floatingIp(JsonNode ip) {
        Optional<FloatingAssociation> association = text(ip, "fixed_address").map(fixed -> new FloatingAssociation(
                Ipv4Address.parse(fixed), ip.get("network_id").asLong(), text(ip, "instance").map(InstanceId::of)));
        return new FloatingIp(Ipv4Address.parse(ip.get("address").asText()), FloatingPoolName.of(ip.get("pool").asText()),
                ProjectId.of(ip.get("project").asText()), association, ip.get("auto_assigned").asBoolean());
    }

    static Associated associated(JsonNode a) {
        return new Associated(floatingIp(a), text(a, "moved_from").map(Ipv4Address::parse));
    }

    static IngressRule rule(JsonNode r) {
        return IngressRule.parse(r.get("project").asText(), r.get("protocol").asText(), text(r, "port"),
                text(r, "from")).withId(r.get("id").asLong());
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }
}
