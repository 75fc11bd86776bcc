package io.xenvlan.server.render;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * One page of a list, as every list route answers it and the CLI's client reads it page after page.
 *
 * @param nextOffset where the next page starts; null (sent as {@code null}) on the last page
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Page<T>(List<T> items, int total, int limit, int offset, Integer nextOffset) {
    public Page {
        items = List.copyOf(items);
    }
}
