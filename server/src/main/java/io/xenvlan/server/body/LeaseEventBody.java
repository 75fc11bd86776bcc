package io.xenvlan.server.body;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * The body of the holder's {@code POST /local/lease-events}: dnsmasq's call as {@code xenvlan dhcp-event}
 * received it.
 *
 * @param env the variables of dnsmasq's environment the event reads, by name (a map: they are dnsmasq's, named as it
 *            names them)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LeaseEventBody(List<String> args, Map<String, String> env) {}
