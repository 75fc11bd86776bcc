package io.xenvlan.server.render;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * A registered pool as the API answers it and the CLI prints it (credentials never appear).
 *
 * @param hosts the hosts' names as the pool reports them now, only when asked for ({@code ?hosts=true})
 * @param error why the pool could not be asked for its hosts, only then
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PoolView(String name, String url, String vifDriver, String integrationNetwork, String tls,
                       @JsonInclude(JsonInclude.Include.NON_NULL) List<String> hosts,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Failure error) {

    /** The error body of a pool that could not be asked: {@code {code, message, details}}. */
    record Failure(String code, String message, Map<String, Object> details) {}

    /** This pool with its hosts' names. */
    PoolView withHosts(List<String> names) {
        return new PoolView(name, url, vifDriver, integrationNetwork, tls, List.copyOf(names), null);
    }

    /** This pool without hosts, and why it could not be asked. */
    PoolView unreachable(Failure why) {
        return new PoolView(name, url, vifDriver, integrationNetwork, tls, List.of(), why);
    }
}
