package io.xenvlan.core.value;

import java.util.regex.Pattern;

/** The id of a VM / instance, typically its UUID: 1..64 of letters, digits, '_', '-', '.'. */
public record InstanceId(String value) {
    private static final Pattern RULE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");

    public InstanceId {
        Names.require("instance", value, RULE, "instance-id", "is not an instance id (1-64 of A-Z a-z 0-9 _ . -)");
    }

    public static InstanceId of(String value) {
        return new InstanceId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
