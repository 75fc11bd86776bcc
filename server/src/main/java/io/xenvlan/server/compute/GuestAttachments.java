package io.xenvlan.server.compute;

import io.xenvlan.core.guest.GuestRequest;
import io.xenvlan.core.hypervisor.AttachRequest;
import io.xenvlan.core.hypervisor.AttachedVif;
import io.xenvlan.core.hypervisor.Detachment;
import io.xenvlan.core.hypervisor.PoolName;
import io.xenvlan.core.hypervisor.VifAttachments;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.ProjectId;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code vif attach} and {@code vif detach} with what the guest is told: the attach records the
 * VIF's profile, the detach forgets the profiles of released addresses. The API, the command line
 * on the store and the demo all go through here, so none of them can attach without the profile.
 */
public final class GuestAttachments {
    private final VifAttachments attachments;
    private final GuestProfiles guests;

    GuestAttachments(VifAttachments attachments, GuestProfiles guests) {
        this.attachments = Objects.requireNonNull(attachments, "attachments");
        this.guests = Objects.requireNonNull(guests, "guests");
    }

    /** An attach and the profile it recorded. */
    public record Attached(AttachedVif vif, GuestProfiles.Recorded guest) {
        public Attached {
            Objects.requireNonNull(vif, "vif");
            Objects.requireNonNull(guest, "guest");
        }
    }

    /** The whole attach flow ({@link VifAttachments#attach(AttachRequest)}), then the guest's profile. */
    public Attached attach(AttachRequest request, GuestRequest guest) {
        AttachedVif attached = attachments.attach(request);
        return new Attached(attached, guests.record(attached, guest));
    }

    /** {@link VifAttachments#detach(Optional, PoolName, InstanceId)}, then the released VIFs' profiles are forgotten. */
    public Detachment detach(Optional<ProjectId> project, PoolName pool, InstanceId vm) {
        Detachment detached = attachments.detach(project, pool, vm);
        guests.forgetDetached();
        return detached;
    }
}
