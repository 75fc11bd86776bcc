package io.xenvlan.server.compute;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One of xenvlan's VIFs as the API lists it: where it is on the pool and what the IPAM gave it.
 *
 * @param state {@code attached}, or {@code attaching} / {@code detaching} while an operation is under way
 */
public record VifRow(UUID uuid, String pool, String vm, int nic, String state, Optional<String> mac, String vifRef, String networkRef,
                     String device,
                     boolean plugged, Instant createdAt, Optional<String> address, Optional<Long> networkId,
                     Optional<String> network, Optional<Integer> vlan, Optional<String> bridge, Optional<String> project) {}
