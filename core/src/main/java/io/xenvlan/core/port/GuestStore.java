package io.xenvlan.core.port;

import io.xenvlan.core.guest.GuestProfile;
import io.xenvlan.core.guest.GuestView;
import io.xenvlan.core.value.Ipv4Address;
import java.util.Optional;
import java.util.UUID;

/** Where VM profiles live, and how the network node's metadata service finds a VM by its address. */
public interface GuestStore {

    /**
     * Records (or replaces) the profile of a VIF, its host name made unique in the VIF's network.
     *
     * @return the profile as recorded: a host name another VM of the network holds gets a numbered suffix
     */
    GuestProfile saveProfile(UUID vifUuid, GuestProfile profile);

    /**
     * Forgets the profiles of VIFs that hold no address any more (detached, or their address
     * released), user data included.
     *
     * @return how many were forgotten
     */
    int forgetReleased();

    /** The profile given to a VIF, if any. */
    Optional<GuestProfile> profile(UUID vifUuid);

    /**
     * The VM whose VIF holds {@code address} in network {@code networkId} now (allocated, not
     * released), or empty: the metadata service answers 404 then.
     */
    Optional<GuestView> guestAt(long networkId, Ipv4Address address);
}
