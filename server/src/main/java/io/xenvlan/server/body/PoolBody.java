package io.xenvlan.server.body;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The body of {@code POST /v1/pools}: a pool to register. The password is never sent: {@code passwordSource}
 * names where the server reads it.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PoolBody(String name, String url, String user, String passwordSource, String vifDriver, String integrationNetwork,
                       String tls, String tlsValue, Boolean verify) {}
