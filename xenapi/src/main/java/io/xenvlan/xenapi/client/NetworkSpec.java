package io.xenvlan.xenapi.client;

import io.xenvlan.core.error.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The record passed to {@code network.create}. An empty {@code bridge} lets the pool choose
 * ({@code xapiN}), which is what VLAN networks want.
 */
public record NetworkSpec(String nameLabel, String nameDescription, long mtu, Map<String, String> otherConfig,
                          boolean managed, String bridge, List<String> tags) {

    /** @throws InvalidInputException for an empty name label or a negative MTU */
    public NetworkSpec {
        Objects.requireNonNull(nameLabel, "nameLabel");
        if (nameLabel.isEmpty()) {
            throw new InvalidInputException("name_label", "required", "name_label: must not be empty");
        }
        if (mtu < 0) {
            throw new InvalidInputException("mtu", "non_negative", "mtu: must not be negative, got " + mtu);
        }
        nameDescription = Objects.requireNonNullElse(nameDescription, "");
        otherConfig = Map.copyOf(otherConfig);
        bridge = Objects.requireNonNullElse(bridge, "");
        tags = List.copyOf(tags);
    }

    /** A managed network with a pool-chosen bridge, no tags. */
    public static NetworkSpec managed(String nameLabel, String nameDescription, long mtu, Map<String, String> otherConfig) {
        return new NetworkSpec(nameLabel, nameDescription, mtu, otherConfig, true, "", List.of());
    }

    Map<String, Object> toStruct() {
        Map<String, Object> struct = new LinkedHashMap<>();
        struct.put("name_label", nameLabel);
        struct.put("name_description", nameDescription);
        struct.put("MTU", mtu);
        struct.put("other_config", otherConfig);
        struct.put("managed", managed);
        struct.put("bridge", bridge);
        struct.put("tags", tags);
        return struct;
    }
}
