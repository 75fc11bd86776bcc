package io.xenvlan.server.render;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A fixed IP as the API answers it and the CLI prints it.
 *
 * @param state the IPAM's name for its state ({@code reserved}, {@code allocated}, {@code leased}, {@code released} or {@code free})
 * @param instance null unless an instance holds it (likewise {@code mac}); {@code releasedAt} null unless released
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FixedIpView(String address, long networkId, String state, boolean allocated, boolean leased, boolean reserved,
                          String instance, String mac, String releasedAt) {}
