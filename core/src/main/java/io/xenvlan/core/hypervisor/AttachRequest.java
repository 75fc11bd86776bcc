package io.xenvlan.core.hypervisor;

import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.ProjectId;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One {@code vif attach}: the project's network on the VM of the pool.
 *
 * @param nic          xenvlan's NIC number on the VM: 0 (the default) is its first NIC, a second
 *                     one is asked for explicitly with 1, and so on; attaching a NIC the VM has
 *                     returns it
 * @param rateKbps     an optional QoS rate limit in kbit/s
 * @param crossProject whether the caller may attach a VM another project owns (an admin)
 */
public record AttachRequest(ProjectId project, PoolName pool, String vmUuid, int nic, OptionalLong rateKbps,
                            boolean crossProject) {
    /** The highest NIC number: xenvlan gives a VM at most 16 NICs. */
    public static final int MAX_NIC = 15;
    /** The largest rate limit: 100 Gbit/s. */
    public static final long MAX_RATE_KBPS = 100_000_000L;

    /** @throws InvalidInputException naming {@code vm}, {@code nic} or {@code rate_kbps} */
    public AttachRequest {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(rateKbps, "rateKbps");
        InstanceId.of(vmUuid);
        if (nic < 0 || nic > MAX_NIC) {
            throw new InvalidInputException("nic", "range", "nic: must be between 0 and " + MAX_NIC + ", got " + nic);
        }
        if (rateKbps.isPresent() && (rateKbps.getAsLong() < 1 || rateKbps.getAsLong() > MAX_RATE_KBPS)) {
            throw new InvalidInputException("rate_kbps", "range", "rate_kbps: must be between 1 and " + MAX_RATE_KBPS
                    + " (kbit/s, 100 Gbit/s at most), got " + rateKbps.getAsLong());
        }
    }

    /** The first NIC, as a project's own token asks for it. */
    static AttachRequest of(String project, PoolName pool, String vmUuid, OptionalLong rateKbps) {
        return new AttachRequest(ProjectId.of(project), pool, vmUuid, 0, rateKbps, false);
    }
}
