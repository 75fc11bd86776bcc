package io.xenvlan.server.compute;

import io.xenvlan.core.guest.GuestProfile;
import io.xenvlan.core.guest.GuestRequest;
import io.xenvlan.core.hypervisor.AttachedVif;
import io.xenvlan.core.port.GuestStore;
import io.xenvlan.core.value.Hostname;
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
     * Records the profile the attach asked for; its host name, when none was asked, is the VM's
     * name label reduced to one DNS label, else its instance id. An attach that asked nothing keeps
     * the profile the VIF has (a retried attach), else records that default one.
     *
     * @return the VIF's profile as recorded (its host name may carry a suffix) and the host name it
     *         was recorded for now (empty when the VIF kept its profile)
     */
    Recorded record(AttachedVif attached, GuestRequest request) {
        UUID vif = attached.vif().xenvlanVifUuid();
        if (request.isEmpty()) {
            Optional<GuestProfile> kept = guests.profile(vif);
            if (kept.isPresent()) {
                return new Recorded(kept, Optional.empty());
            }
        }
        GuestProfile wanted = request.profile(attached.vif().vmUuid(), attached.vmName());
        return new Recorded(Optional.of(guests.saveProfile(vif, wanted)), Optional.of(wanted.hostname()));
    }

    /**
     * What an attach recorded.
     *
     * @param profile the VIF's profile now
     * @param asked   the host name the profile was recorded for by this attach (before the network's
     *                suffix), empty when the VIF kept the profile it had
     */
    public record Recorded(Optional<GuestProfile> profile, Optional<Hostname> asked) {
        public Recorded {
            Objects.requireNonNull(profile, "profile");
            Objects.requireNonNull(asked, "asked");
        }
    }

    /** The profile of a VIF, if it was given one. */
    public Optional<GuestProfile> of(UUID vif) {
        return guests.profile(vif);
    }

    /** After a detach: the profiles of VIFs that hold no address any more are forgotten, user data included. */
    void forgetDetached() {
        guests.forgetReleased();
    }
}
