package io.xenvlan.server.body;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of {@code POST /v1/floating-pools}: what {@code xenvlan floating create} takes.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FloatingPoolBody(String pool, String range, @JsonProperty("interface") String iface) {}
