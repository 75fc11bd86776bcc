package io.xenvlan.xenapi.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The messages every XenAPI class answers: get_all, get_record, get_by_uuid, get_all_records,
 * get_all_records_where and single-field getters. Every method throws {@link XenApiException}.
 */
class XenClassApi<R> {
    final XenApiClient client;
    final XenType<R> type;

    XenClassApi(XenApiClient client, XenType<R> type) {
        this.client = client;
        this.type = type;
    }

    XenType<R> type() {
        return type;
    }

    /** {@code X.get_all}: every object of the class. */
    public List<Ref<R>> getAll() {
        return refs(client.call(type.method("get_all")));
    }

    /** {@code X.get_record}; {@code HANDLE_INVALID} for an unknown ref. */
    public R getRecord(Ref<R> ref) {
        return type.decode(client.call(type.method("get_record"), ref));
    }

    /** {@code X.get_by_uuid}; {@code UUID_INVALID} for an unknown uuid. */
    public Ref<R> getByUuid(String uuid) {
        return Ref.of(client.call(type.method("get_by_uuid"), uuid).asText());
    }

    /** {@code X.get_uuid}. */
    String getUuid(Ref<R> ref) {
        return field(ref, "uuid").asText();
    }

    /** {@code X.get_all_records}: every object with its record, in the pool's order. */
    public Map<Ref<R>, R> getAllRecords() {
        return records(client.call(type.method("get_all_records")));
    }

    /**
     * {@code X.get_all_records_where} with the pool's filter grammar, e.g.
     * {@code field "name__label"="br100" and field "VLAN"="100"} ({@link XenFilter} builds such
     * expressions safely); {@code INVALID_VALUE} for a malformed expression.
     */
    public Map<Ref<R>, R> getAllRecordsWhere(String expression) {
        return records(client.call(type.method("get_all_records_where"), expression));
    }

    /** {@code X.get_<field>} as raw JSON, for fields without a typed getter. */
    JsonNode field(Ref<R> ref, String field) {
        return client.call(type.method("get_" + field), ref);
    }

    static <T> List<Ref<T>> refs(JsonNode array) {
        List<Ref<T>> refs = new ArrayList<>(array.size());
        array.forEach(r -> refs.add(Ref.of(r.asText())));
        return Collections.unmodifiableList(refs);
    }

    private Map<Ref<R>, R> records(JsonNode object) {
        Map<Ref<R>, R> records = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> records.put(Ref.of(e.getKey()), type.decode(e.getValue())));
        return Collections.unmodifiableMap(records);
    }
}
