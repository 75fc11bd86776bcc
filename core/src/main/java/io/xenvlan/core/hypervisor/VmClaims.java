package io.xenvlan.core.hypervisor;

import io.xenvlan.core.error.ConflictException;
import io.xenvlan.core.error.XenvlanException;
import io.xenvlan.core.port.PoolStore;
import io.xenvlan.core.value.InstanceId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One operation at a time per VM, across threads and processes: threads of this process queue on
 * a lock (striped by VM), then the worker claims the VM in the store, where a claim of a live
 * worker of another process makes it wait (polling, bounded by {@link OperationTiming#claimWait()})
 * and a claim of a dead one is taken over.
 */
final class VmClaims {
    private static final Logger LOG = LoggerFactory.getLogger(VmClaims.class);
    /** Enough that two of a few dozen concurrent operations on different VMs rarely share one. */
    private static final int STRIPES = 1024;

    private final PoolStore store;
    private final WorkerHeartbeat heartbeat;
    private final OperationTiming timing;
    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    VmClaims(PoolStore store, WorkerHeartbeat heartbeat, OperationTiming timing) {
        this.store = store;
        this.heartbeat = heartbeat;
        this.timing = timing;
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock(true);
        }
    }

    /** A claim held; closing it lets go of the VM. */
    final class Held implements AutoCloseable {
        private final VmClaim claim;
        private final ReentrantLock lock;

        private Held(VmClaim claim, ReentrantLock lock) {
            this.claim = claim;
            this.lock = lock;
        }

        VmClaim claim() {
            return claim;
        }

        @Override
        public void close() {
            try {
                store.releaseVm(claim.pool(), claim.vmUuid(), heartbeat.worker());
            } catch (XenvlanException e) {
                // the claim stays ours; this process takes it back on the VM's next operation, others once it is dead
                LOG.warn("could not let go of VM {} on pool {}: {}", claim.vmUuid(), claim.pool(), e.getMessage());
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Claims the VM, waiting for an operation in progress.
     *
     * @throws ConflictException when another operation on the VM still runs after the wait
     */
    Held acquire(PoolName pool, InstanceId vmUuid) {
        long deadline = System.nanoTime() + timing.claimWait().toNanos();
        ReentrantLock lock = lock(pool, vmUuid);
        try {
            if (!lock.tryLock(timing.claimWait().toNanos(), TimeUnit.NANOSECONDS)) {
                throw busy(pool, vmUuid);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy(pool, vmUuid);
        }
        try {
            heartbeat.start();
            long pause = TimeUnit.MILLISECONDS.toNanos(20);
            for (;;) {
                Optional<VmClaim> claim = store.claimVm(pool, vmUuid, heartbeat.worker(), timing.staleAfter());
                if (claim.isPresent()) {
                    return new Held(claim.get(), lock);
                }
                if (System.nanoTime() + pause > deadline) {
                    throw busy(pool, vmUuid);
                }
                LockSupport.parkNanos(pause);
                if (Thread.interrupted()) {
                    Thread.currentThread().interrupt();
                    throw busy(pool, vmUuid);
                }
                pause = Math.min(pause * 2, TimeUnit.MILLISECONDS.toNanos(250));
            }
        } catch (RuntimeException e) {
            lock.unlock();
            throw e;
        }
    }

    /** Claims the VM if nobody alive holds it, without waiting (what recovery does). */
    Optional<Held> tryAcquire(PoolName pool, InstanceId vmUuid) {
        ReentrantLock lock = lock(pool, vmUuid);
        if (!lock.tryLock()) {
            return Optional.empty();
        }
        try {
            heartbeat.start();
            Optional<VmClaim> claim = store.claimVm(pool, vmUuid, heartbeat.worker(), timing.staleAfter());
            if (claim.isEmpty()) {
                lock.unlock();
                return Optional.empty();
            }
            return Optional.of(new Held(claim.get(), lock));
        } catch (RuntimeException e) {
            lock.unlock();
            throw e;
        }
    }

    private ReentrantLock lock(PoolName pool, InstanceId vmUuid) {
        return locks[Math.floorMod((pool.value() + "/" + vmUuid.value()).hashCode(), STRIPES)];
    }

    private ConflictException busy(PoolName pool, InstanceId vmUuid) {
        return new ConflictException("vm: another operation on VM " + vmUuid + " of pool " + pool + " is still in progress after "
                + timing.claimWait().toSeconds() + " s; try again", Map.of("field", "vm", "rule", "busy", "vm", vmUuid.value(),
                "pool", pool.value()));
    }
}
