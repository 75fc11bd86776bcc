package io.xenvlan.server.render;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One of xenvlan's VIFs as listed: where it is on the pool and what the IPAM gave it.
 *
 * @param state {@code attached}, or {@code attaching} / {@code detaching} while an operation is under way
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record VifView(String uuid, String pool, String vm, int nic, String state, String mac, String address, Integer vlan,
                      String bridge, String network, Long networkId, String project, String networkRef, String vifRef, String device,
                      boolean plugged, String createdAt) {}
