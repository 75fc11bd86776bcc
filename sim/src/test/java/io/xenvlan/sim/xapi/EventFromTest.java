package io.xenvlan.sim.xapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.core.testing.Eventually;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventFromTest {
    private final TestPool pool = new TestPool(2);

    @SuppressWarnings("unchecked")
    private Map<String, Object> from(List<String> classes, String token, double timeout) {
        return (Map<String, Object>) pool.s("event.from", classes, token, timeout);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> events(Map<String, Object> batch) {
        return (List<Map<String, Object>>) batch.get("events");
    }

    @Test
    void emptyToken_reportsEveryObjectAsAdd() {
        Map<String, Object> batch = from(List.of("host", "network"), "", 0);
        assertThat(events(batch)).hasSize(4).allSatisfy(e -> assertThat(e).containsEntry("operation", "add"));
        // every table is counted, whatever the subscription, as xapi's int32s (the session is the test's login)
        assertThat(batch.get("valid_ref_counts")).isEqualTo(Map.of("pool", 1, "host", 2, "network", 2, "pif", 4,
                "vlan", 0, "vif", 0, "vm", 2, "task", 0, "session", 1));
        assertThat(events(batch)).allSatisfy(e -> assertThat(e).containsEntry("timestamp", "0.0")
                .hasEntrySatisfying("id", id -> assertThat((String) id).matches("[0-9]+")));
        assertThat((String) batch.get("token")).matches("[0-9]{20},[0-9]{20}");
    }

    @Test
    void addModDel_withSnapshotsExceptOnDel() {
        String token = (String) from(List.of("*"), "", 0).get("token");
        String net = pool.network("ev");
        List<Map<String, Object>> added = events(from(List.of("network"), token, 0));
        assertThat(added).singleElement().satisfies(e -> {
            assertThat(e).containsEntry("class", "network").containsEntry("operation", "add").containsEntry("ref", net)
                    .containsKeys("id", "timestamp");
            assertThat((Map<String, Object>) e.get("snapshot")).containsEntry("name_label", "ev");
        });
        token = (String) from(List.of("network"), token, 0).get("token");
        pool.s("network.set_name_label", net, "renamed");
        Map<String, Object> modBatch = from(List.of("network"), token, 0);
        assertThat(events(modBatch)).singleElement().satisfies(e -> {
            assertThat(e).containsEntry("operation", "mod");
            assertThat((Map<String, Object>) e.get("snapshot")).containsEntry("name_label", "renamed");
        });
        pool.s("network.destroy", net);
        assertThat(events(from(List.of("network"), (String) modBatch.get("token"), 0))).singleElement()
                .satisfies(e -> assertThat(e).containsEntry("operation", "del").doesNotContainKey("snapshot"));
    }

    @Test
    void createdAndDeletedSinceToken_notReported_andClassFiltersApply() {
        String token = (String) from(List.of("*"), "", 0).get("token");
        String gone = pool.network("gone");
        pool.s("network.destroy", gone);
        String kept = pool.network("kept");
        String other = pool.network("other");
        assertThat(events(from(List.of("NETWORK"), token, 0))).extracting(e -> e.get("ref")).containsExactly(kept, other);
        assertThat(events(from(List.of("network/" + other), token, 0))).extracting(e -> e.get("ref")).containsExactly(other);
        assertThat(events(from(List.of("vm"), token, 0))).isEmpty();
    }

    @Test
    void vlanCreate_showsAsPifVlanAndNetworkEvents() {
        String net = pool.network("n");
        String token = (String) from(List.of("*"), "", 0).get("token");
        pool.vlan(0, 12L, net);
        assertThat(events(from(List.of("*"), token, 0))).extracting(e -> e.get("class") + ":" + e.get("operation"))
                .contains("pif:add", "vlan:add", "network:mod", "pif:mod", "host:mod");
    }

    @Test
    void nothingChanged_blocksUntilTimeout() {
        String token = (String) from(List.of("*"), "", 0).get("token");
        long start = System.nanoTime();
        Map<String, Object> batch = from(List.of("*"), token, 0.3);
        assertThat(events(batch)).isEmpty();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
        assertThat(batch.get("token")).isEqualTo(token);
    }

    @Test
    void blocked_wakesOnChange_ofItsClassOnly() throws Exception {
        Database db = pool.xapi.database();
        String token = (String) from(List.of("network"), "", 0).get("token");
        CompletableFuture<Map<String, Object>> waiting = CompletableFuture.supplyAsync(() -> from(List.of("network"), token, 30));
        Eventually.await("event.from blocked", Duration.ofSeconds(10), () -> db.waiting() == 1);
        long waits = db.waits();

        pool.s("host.set_name_label", pool.hosts.get(0), "not a network");
        Eventually.await("event.from woken by the host change and blocked again", Duration.ofSeconds(10),
                () -> db.waits() > waits && db.waiting() == 1);
        assertThat(waiting).as("a change of another class returns nothing").isNotDone();

        String net = pool.network("wake");
        assertThat(events(waiting.get(10, TimeUnit.SECONDS))).extracting(e -> e.get("ref")).containsExactly(net);
    }

    @Test
    void badToken_isParseFailure() {
        assertThat(pool.fails("event.from", List.of("*"), "garbage", 0.0).description())
                .containsExactly("EVENT_FROM_TOKEN_PARSE_FAILURE", "garbage");
    }
}
