package io.xenvlan.core.value;

import java.util.regex.Pattern;

/**
 * The id of a VM / instance, typically its UUID: 1..64 of letters, digits, '_', '-', '.'.
 *
 * <p>A VM of a pool is known to core by its uuid as an {@code InstanceId} (the instance id of its
 * addresses, the key of its VIFs and claims in the store), not by a type of its own: xapi gives
 * every VM a uuid it generates (RFC 4122 text, 36 characters of hex digits and '-'; an import that
 * preserves a uuid keeps one some pool generated), and so does the simulator, all of which this
 * rule accepts. What the xenapi adapter reads raw from a pool stays text in its records
 * ({@code PoolVif.vmUuid} is empty for a VM the pool does not know) and
 * becomes an {@code InstanceId} where core takes it.
 */
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
