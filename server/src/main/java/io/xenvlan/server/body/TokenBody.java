package io.xenvlan.server.body;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The body of the holder's {@code POST /local/tokens}: a token for a project (or, without one, an admin token).
 *
 * @param expiresAt an ISO-8601 instant ({@code token create --expires AGE} turned into one); left out: never
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenBody(String project, String description, String expiresAt) {}
