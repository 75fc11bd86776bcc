package io.xenvlan.server.api;

import io.javalin.http.Context;
import io.xenvlan.server.render.Page;
import java.util.List;
import java.util.function.Function;

/** {@code ?limit=N&offset=M} (limit 1..1000, default 100): a page of a list and where the next one starts. */
record Paging(int limit, int offset) {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    static Paging of(Context ctx) {
        return new Paging(Query.integer(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT), Query.integer(ctx, "offset", 0, 0, Integer.MAX_VALUE));
    }

    /** {@code {items, total, limit, offset, next_offset}}; {@code next_offset} is null on the last page. */
    <T, V> Page<V> page(List<T> all, Function<T, V> view) {
        int from = Math.min(offset, all.size());
        int to = (int) Math.min((long) from + limit, all.size());
        return new Page<>(all.subList(from, to).stream().map(view).toList(), all.size(), limit, offset, to < all.size() ? to : null);
    }
}
