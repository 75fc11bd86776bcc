package io.xenvlan.server.render;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A floating IP just associated: its fields, then {@code moved_from}.
 *
 * @param movedFrom the fixed address it pointed at before, null unless the association moved
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AssociatedView(@JsonUnwrapped FloatingIpView floatingIp, String movedFrom) {}
