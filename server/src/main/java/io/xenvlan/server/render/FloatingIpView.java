package io.xenvlan.server.render;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A floating IP a project holds, as the API answers it and the CLI prints it.
 *
 * @param fixedAddress the fixed address it points at, null while not associated (likewise {@code networkId}, {@code instance})
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FloatingIpView(String address, String pool, String project, String state, String fixedAddress, Long networkId,
                             String instance, boolean autoAssigned) {}
