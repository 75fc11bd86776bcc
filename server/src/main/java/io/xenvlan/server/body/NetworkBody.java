package io.xenvlan.server.body;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The body of {@code POST /v1/networks}: the options of {@code xenvlan network create}; a field left out takes
 * its default.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NetworkBody(String label, String cidr, Integer numNetworks, Integer networkSize, Integer vlanStart, Integer vlan,
                          String bridge, String bridgeInterface, String gateway, String dns1, String dns2, Integer mtu,
                          String project, Boolean autoFloating, String dnsDomain) {}
