package io.xenvlan.core.netnode;

/** The three calls dnsmasq makes to its {@code --dhcp-script}. */
public enum LeaseAction {
    /** A new lease. */
    ADD,
    /** An existing lease renewed or seen again at start. */
    OLD,
    /** A lease ended (expired, released, or removed by {@code dhcp_release}). */
    DEL
}
