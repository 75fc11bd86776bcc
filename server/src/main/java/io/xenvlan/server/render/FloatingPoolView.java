package io.xenvlan.server.render;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A floating pool with its usage, as the API answers it and the CLI prints it.
 *
 * @param iface the network node's public interface for the pool, null for the node's default ({@code interface} in JSON)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FloatingPoolView(String pool, String range, @JsonProperty("interface") String iface, long usable, long allocated,
                               long associated, long free) {}
