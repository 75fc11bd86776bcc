package io.xenvlan.server.api;

import io.xenvlan.core.network.Network;
import io.xenvlan.server.metrics.AddressUsage;
import io.xenvlan.server.render.Views;
import java.util.LinkedHashMap;
import java.util.Map;

/** The API's JSON shapes: the CLI's {@code --json} shapes (so both print the same), plus address usage. */
final class ApiViews {
    private ApiViews() {}

    static Map<String, Object> network(Network n, AddressUsage usage) {
        Map<String, Object> m = new LinkedHashMap<>(Views.network(n));
        if (usage != null) {
            Map<String, Object> u = new LinkedHashMap<>();
            u.put("total", usage.total());
            u.put("reserved", usage.reserved());
            u.put("allocated", usage.allocated());
            u.put("released", usage.released());
            u.put("free", usage.free());
            m.put("usage", u);
        }
        return m;
    }
}
