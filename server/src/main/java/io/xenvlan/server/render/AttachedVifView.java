package io.xenvlan.server.render;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The VIF an attach gave (or found, {@code created} false), with its network and what its guest is told.
 *
 * @param floatingIp the floating IP it got, only when it got one
 * @param notice     only when the host name asked for was taken in the network: which one the VM got
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AttachedVifView(String uuid, String pool, String vm, String mac, String address,
                              @JsonInclude(JsonInclude.Include.NON_NULL) String floatingIp, String gateway, String netmask, int vlan,
                              String bridge, String network, long networkId, String project, String networkRef, String vifRef,
                              String device, boolean plugged, int nic, boolean created, @JsonUnwrapped GuestView guest,
                              @JsonInclude(JsonInclude.Include.NON_NULL) String notice) {}
