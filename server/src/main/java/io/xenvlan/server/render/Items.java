package io.xenvlan.server.render;

import java.util.List;

/** {@code {items}}: what a route that makes or releases several things at once answers (not paged). */
public record Items<T>(List<T> items) {
    public Items {
        items = List.copyOf(items);
    }
}
