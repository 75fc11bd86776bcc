package io.xenvlan.core.hypervisor;

import io.xenvlan.core.error.XenvlanException;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.port.HypervisorNetworking;
import io.xenvlan.core.port.NetworkStore;
import io.xenvlan.core.port.PoolStore;
import io.xenvlan.core.value.InstanceId;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares what xenvlan recorded for a pool with the pool's own records ({@code xenvlan audit}):
 * its networks and VLAN PIFs, and its VIFs, MACs and addresses. {@link #repair} fixes what is
 * xenvlan's own: interrupted operations are finished, a missing network or VLAN PIF is ensured
 * again, a VIF it made that the store does not know is destroyed, a recorded VIF the pool lost is
 * made again (or, its VM gone, its address released), a VIF's locking is set again, and an
 * address no VIF holds is released once it is older than the grace period. Foreign objects
 * (namesakes, wrong tags, other deployments' or hand-made VIFs) are only reported.
 */
public final class ComputeAudit {
    /** Leaked addresses younger than this are reported but not released (an attach of an older version may still own them). */
    public static final Duration DEFAULT_LEAK_GRACE = Duration.ofMinutes(10);
    private static final Logger LOG = LoggerFactory.getLogger(ComputeAudit.class);

    private final NetworkStore networks;
    private final PoolStore pools;
    private final HypervisorNetworking hypervisor;
    private final VifAttachments attachments;
    private final Clock clock;
    private final Duration leakGrace;

    public ComputeAudit(NetworkStore networks, PoolStore pools, HypervisorNetworking hypervisor, VifAttachments attachments) {
        this(networks, pools, hypervisor, attachments, Clock.systemUTC(), DEFAULT_LEAK_GRACE);
    }

    public ComputeAudit(NetworkStore networks, PoolStore pools, HypervisorNetworking hypervisor, VifAttachments attachments,
                        Clock clock, Duration leakGrace) {
        this.networks = networks;
        this.pools = pools;
        this.hypervisor = hypervisor;
        this.attachments = attachments;
        this.clock = clock;
        this.leakGrace = leakGrace;
    }

    /** Finishes the operations on the pool that a process which is gone (or a failure) left half done. */
    public RecoveryReport recover(PoolName pool) {
        return attachments.recover(pool);
    }

    /** The drift of one pool: networks in store order, then VIFs and addresses. */
    public List<Drift> audit(PoolName pool) {
        List<Drift> drift = new ArrayList<>();
        Findings f = findings(pool);
        drift.addAll(f.networks());
        f.vifs().forEach(v -> drift.add(v.drift()));
        return drift;
    }

    private record Findings(List<Drift> networks, List<VifDrifts.Finding> vifs) {}

    private Findings findings(PoolName pool) {
        PoolInventory inventory = hypervisor.inventory(pool);
        List<Network> known = networks.networks();
        List<Drift> networkDrift = NetworkDrifts.find(pool, inventory, known, id -> pools.networkRef(pool, id));
        List<StoredVif> stored = pools.vifsOfPool(pool);
        Set<InstanceId> recoverable = new HashSet<>(attachments.vmsToRecover(pool));
        List<StoredVif> unfinished = stored.stream()
                .filter(v -> v.state() != VifState.ATTACHED && recoverable.contains(v.vmUuid())).toList();
        List<VifDrifts.Finding> vifDrift = VifDrifts.find(pool, inventory, pools.deployment(), known, stored,
                pools.unrecordedAddresses(), pools.ownedVms(pool), unfinished, clock.instant(), leakGrace);
        return new Findings(networkDrift, vifDrift);
    }

    /**
     * Finishes interrupted operations, repairs every repairable item, then audits once more.
     *
     * @return what remains (the drift xenvlan does not repair, unless a repair failed)
     */
    public List<Drift> repair(PoolName pool) {
        RecoveryReport recovered = attachments.recover(pool);
        recovered.failures().forEach(f -> LOG.warn("pool {}: recovery: {}", pool, f));
        Findings found = findings(pool);
        Set<String> bridges = found.networks().stream().filter(Drift::repairable).map(Drift::network).collect(Collectors.toSet());
        for (Network network : networks.networks()) {
            if (bridges.contains(network.bridge().value())) {
                repairing(pool, "network " + network.bridge(), () -> hypervisor.refreshVlanNetwork(pool, network));
            }
        }
        for (VifDrifts.Finding f : found.vifs()) {
            if (!f.drift().repairable()) {
                continue;
            }
            switch (f.drift().kind()) {
                case ORPHAN_VIF -> repairing(pool, f.drift().detail(), () -> attachments.destroyOrphan(pool, f.vmUuid(), f.vif().orElseThrow()));
                case VIF_MISSING, VIF_MISMATCH -> repairing(pool, f.drift().detail(), () -> attachments.restore(pool, f.vif().orElseThrow()));
                default -> { } // unfinished operations were recovered above; leaks follow once orphans are gone
            }
        }
        for (VifDrifts.Finding f : findings(pool).vifs()) {
            if (f.drift().kind() == Drift.Kind.LEAKED_ADDRESS && f.drift().repairable()) {
                repairing(pool, f.drift().detail(), () -> attachments.releaseLeaked(pool, f.leak().orElseThrow()));
            }
        }
        return audit(pool);
    }

    private static void repairing(PoolName pool, String what, Runnable repair) {
        try {
            repair.run();
        } catch (XenvlanException e) {
            LOG.warn("pool {}: repair failed ({}): {}", pool, what, e.getMessage());
        }
    }
}
