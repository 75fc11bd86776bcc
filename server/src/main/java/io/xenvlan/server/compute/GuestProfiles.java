package io.xenvlan.server.compute;

import io.xenvlan.core.guest.GuestProfile;
import io.xenvlan.core.guest.GuestRequest;
import io.xenvlan.core.guest.GuestStore;
import io.xenvlan.core.hypervisor.AttachedVif;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** What {@code vif attach} records of the guest's view (host name, keys, user data) and what {@code vif show} reads back. */
public final class GuestProfiles {
    private final GuestStore guests;

    public GuestProfiles(GuestStore guests) {
        this.guests = Objects.requireNonNull(guests, "guests");
    }

    /**
     * Records the profile the attach asked for (the VM's instance id as its name and default host
     * name); an attach that asked nothing keeps the profile the VIF has.
     *
     * @return the VIF's profile as recorded (its host name may carry a suffix), empty when it has none
     */
    public Optional<GuestProfile> record(AttachedVif attached, GuestRequest request) {
        UUID vif = attached.vif().xenvlanVifUuid();
        if (request.isEmpty()) {
            return guests.profile(vif);
        }
        return Optional.of(guests.saveProfile(vif, request.profile(attached.vif().vmUuid())));
    }

    /** The profile of a VIF, if it was given one. */
    public Optional<GuestProfile> of(UUID vif) {
        return guests.profile(vif);
    }

    /** After a detach: the profiles of VIFs that hold no address any more are forgotten, user data included. */
    public void forgetDetached() {
        guests.forgetReleased();
    }
}
