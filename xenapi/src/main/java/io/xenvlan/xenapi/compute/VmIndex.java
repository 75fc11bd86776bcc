package io.xenvlan.xenapi.compute;

import io.xenvlan.core.hypervisor.PoolName;
import io.xenvlan.xenapi.client.EventBatch;
import io.xenvlan.xenapi.client.Ref;
import io.xenvlan.xenapi.client.VmRecord;
import io.xenvlan.xenapi.client.XenApiClient;
import io.xenvlan.xenapi.client.XenApiException;
import io.xenvlan.xenapi.client.XenEvent;
import io.xenvlan.xenapi.client.XenType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * VM uuid -> ref and record for one pool, kept current by an {@code event.from} loop on the VM
 * class (the first call returns every VM), so an attach needs no VM lookup call. Templates,
 * snapshots and control domains share the VM table: they are indexed with their record, whose
 * flags tell them apart, so a lookup never mistakes one for a VM. A miss (a VM the loop has not
 * seen yet) is answered by the caller with a lookup by uuid; the index is an optimisation, never
 * the source of truth.
 */
final class VmIndex implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(VmIndex.class);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final PoolName pool;
    private final XenApiClient client;
    /** A VM's ref and its latest record. */
    record Entry(Ref<VmRecord> ref, VmRecord record) {}

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<Ref<VmRecord>, String> uuids = new ConcurrentHashMap<>();
    private final CountDownLatch firstBatch = new CountDownLatch(1);
    private final Future<?> loop;
    private volatile boolean closed;

    VmIndex(PoolName pool, XenApiClient client, ExecutorService executor) {
        this.pool = pool;
        this.client = client;
        this.loop = executor.submit(this::follow);
    }

    /** The VM's ref and record if the index knows it; waits briefly for the first batch after start. */
    Optional<Entry> entry(String vmUuid) {
        try {
            firstBatch.await(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.ofNullable(entries.get(vmUuid));
    }

    void learned(Ref<VmRecord> ref, VmRecord record) {
        entries.put(record.uuid(), new Entry(ref, record));
        uuids.put(ref, record.uuid());
    }

    void forget(String vmUuid) {
        Entry entry = entries.remove(vmUuid);
        if (entry != null) {
            uuids.remove(entry.ref());
        }
    }

    private void follow() {
        String token = "";
        while (!closed && !Thread.currentThread().isInterrupted()) {
            try {
                EventBatch batch = client.events().from(List.of(XenType.VM.wireName()), token, WAIT);
                batch.events().forEach(this::apply);
                token = batch.token();
                firstBatch.countDown();
            } catch (XenApiException e) {
                if (closed || XenApiException.INTERRUPTED.equals(e.errorCode())
                        || XenApiException.CLIENT_CLOSED.equals(e.errorCode())) {
                    return;
                }
                if ("EVENT_FROM_TOKEN_PARSE_FAILURE".equals(e.errorCode()) || "EVENTS_LOST".equals(e.errorCode())) {
                    token = "";
                }
                log.warn("pool {}: VM event loop: {}; retrying", pool, e.getMessage());
                firstBatch.countDown();
                if (!pause()) {
                    return;
                }
            }
        }
    }

    private void apply(XenEvent event) {
        Ref<VmRecord> ref = event.refAs(XenType.VM);
        if (event.operation() == XenEvent.Operation.DEL) {
            String uuid = uuids.remove(ref);
            if (uuid != null) {
                entries.remove(uuid);
            }
            return;
        }
        event.snapshotAs(XenType.VM).ifPresent(vm -> learned(ref, vm));
    }

    private boolean pause() {
        try {
            Thread.sleep(1000);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    @Override
    public void close() {
        closed = true;
        loop.cancel(true);
    }
}
