package io.xenvlan.core.value;

/** A bridge name such as {@code br100}: the Linux interface name rules, at most 15 characters. */
public record BridgeName(String value) {
    public BridgeName {
        InterfaceName.of("bridge", value);
    }

    /** The nova naming: {@code br<vlan>}. */
    public static BridgeName forVlan(VlanTag vlan) {
        return new BridgeName("br" + vlan.value());
    }

    @Override
    public String toString() {
        return value;
    }
}
