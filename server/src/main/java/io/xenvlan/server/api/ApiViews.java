package io.xenvlan.server.api;

import io.xenvlan.core.network.Network;
import io.xenvlan.server.metrics.AddressUsage;
import io.xenvlan.server.render.NetworkView;
import io.xenvlan.server.render.Views;

/** The API's JSON shapes: the CLI's {@code --json} shapes (so both print the same), plus address usage. */
final class ApiViews {
    private ApiViews() {}

    static NetworkView network(Network n, AddressUsage usage) {
        NetworkView view = Views.network(n);
        return usage == null ? view
                : view.withUsage(new NetworkView.Usage(usage.total(), usage.reserved(), usage.allocated(), usage.released(), usage.free()));
    }
}
