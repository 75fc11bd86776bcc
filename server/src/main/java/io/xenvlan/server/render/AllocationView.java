package io.xenvlan.server.render;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * An address just allocated to an instance, with its VIF and what the instance needs of its network.
 *
 * @param network the network's label
 * @param project null when the network is not associated with a project
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AllocationView(String address, String mac, String instance, long vifId, String vifUuid, String network, long networkId,
                             int vlan, String bridge, String gateway, String netmask, String project) {}
