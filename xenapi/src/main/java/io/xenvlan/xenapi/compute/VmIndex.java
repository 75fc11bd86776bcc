package io.xenvlan.xenapi.compute;

import io.xenvlan.core.hypervisor.PoolName;
import io.xenvlan.core.time.Sleeper;
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
 * VM uuid -> ref and latest record of the guests of one pool, kept current by an {@code event.from}
 * loop on the VM class (the first call returns every VM), so an attach needs no VM lookup call. The
 * VM class also holds control domains, templates and snapshots (which are templates too): they are
 * never indexed, and a VM that becomes a template leaves the index. A miss (a VM the loop has not
 * seen yet, or no guest) is answered by the caller with a lookup by uuid, whose record says what it
 * is; the index is an optimisation, never the source of truth. After a failed event.from the loop
 * pauses {@link #RETRY_PAUSE} on its sleeper.
 */
final class VmIndex implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(VmIndex.class);
    private static final Duration WAIT = Duration.ofSeconds(10);
    static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    private final PoolName pool;
    private final XenApiClient client;
    /** A VM's ref and its latest record. */
    record Entry(Ref<VmRecord> ref, VmRecord record) {}

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<Ref<VmRecord>, String> uuids = new ConcurrentHashMap<>();
    private final CountDownLatch firstBatch = new CountDownLatch(1);
    private final Sleeper sleeper;
    private final Future<?> loop;
    private volatile boolean closed;

    VmIndex(PoolName pool, XenApiClient client, ExecutorService executor, Sleeper sleeper) {
        this.pool = pool;
        this.client = client;
        this.sleeper = sleeper;
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
        event.snapshotAs(XenType.VM).ifPresent(vm -> {
            if (vm.isATemplate() || vm.isControlDomain()) {
                forget(vm.uuid());
            } else {
                learned(ref, vm);
            }
        });
    }

    /** False when interrupted (the flag set again): the loop ends. */
    private boolean pause() {
        try {
            sleeper.sleep(RETRY_PAUSE);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        closed = true;
        loop.cancel(true);
    }
}
