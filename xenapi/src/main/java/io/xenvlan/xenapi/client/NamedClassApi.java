package io.xenvlan.xenapi.client;

import java.util.List;

/** Messages of the XenAPI classes that carry a name_label (pool, host, network, VM). */
public class NamedClassApi<R> extends XenClassApi<R> {

    NamedClassApi(XenApiClient client, XenType<R> type) {
        super(client, type);
    }

    /** {@code X.get_by_name_label}: an exact match; name labels are not unique, hence a list. */
    public List<Ref<R>> getByNameLabel(String label) {
        return refs(client.call(type.method("get_by_name_label"), label));
    }

    /** {@code X.get_name_label}. */
    String getNameLabel(Ref<R> ref) {
        return field(ref, "name_label").asText();
    }
}
