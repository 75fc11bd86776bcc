package io.xenvlan.core.value;

import io.xenvlan.core.error.InvalidInputException;

/** An 802.1Q VLAN id usable for a tenant network: 1..4094. */
public record VlanTag(int value) implements Comparable<VlanTag> {
    public static final int MIN = 1;
    public static final int MAX = 4094;

    public VlanTag {
        if (value < MIN || value > MAX) {
            throw new InvalidInputException("vlan", "range", "vlan: must be between 1 and 4094, got " + value);
        }
    }

    /** @throws InvalidInputException unless 1 <= value <= 4094 */
    public static VlanTag of(int value) {
        return new VlanTag(value);
    }

    @Override
    public int compareTo(VlanTag o) {
        return Integer.compare(value, o.value);
    }

    @Override
    public String toString() {
        return Integer.toString(value);
    }
}
