package io.xenvlan.xenapi.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The reply of {@code event.from}: the events, the ref counts per class and the token for the next call. */
public record EventBatch(List<XenEvent> events, Map<String, Long> validRefCounts, String token) {

    public EventBatch {
        events = List.copyOf(events);
        validRefCounts = Map.copyOf(validRefCounts);
    }

    static EventBatch decode(JsonNode reply) {
        List<XenEvent> events = new ArrayList<>();
        reply.path("events").forEach(e -> events.add(XenEvent.decode(e)));
        Map<String, Long> counts = new LinkedHashMap<>();
        reply.path("valid_ref_counts").fields().forEachRemaining(c -> counts.put(c.getKey(), c.getValue().asLong()));
        return new EventBatch(events, counts, Fields.str(reply, "token"));
    }
}
