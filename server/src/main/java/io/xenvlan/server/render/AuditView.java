package io.xenvlan.server.render;

import java.util.List;

/** A pool's audit (or what its repair left): its drift against the store. */
public record AuditView(String pool, List<DriftView> items) {
    public AuditView {
        items = List.copyOf(items);
    }
}
