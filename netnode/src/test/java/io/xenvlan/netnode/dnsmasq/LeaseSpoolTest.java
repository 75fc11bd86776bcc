package io.xenvlan.netnode.dnsmasq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.manager.MutableClock;
import io.xenvlan.core.netnode.LeaseAction;
import io.xenvlan.core.netnode.LeaseEvent;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.MacAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lease spool with its real sh script: dnsmasq's calls become validated events, in order, evaluated never. */
class LeaseSpoolTest {
    private static final String MAC = "fa:16:3e:00:00:07";
    private final MutableClock clock = new MutableClock(Instant.now());
    private final List<List<LeaseEvent>> batches = new ArrayList<>();
    @TempDir
    Path dir;

    private LeaseSpool spool() {
        return new LeaseSpool(dir.resolve("lease-events"), clock);
    }

    /** Runs the script as dnsmasq does: arguments and environment only. */
    private void call(LeaseSpool spool, Map<String, String> env, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(dir.resolve("dhcp-script").toString()));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).isEmpty();
    }

    @Test
    void addThenDel_recordedInOneBatchInOrder_andTheFilesGo() throws Exception {
        LeaseSpool spool = spool();
        spool.writeScript(dir.resolve("dhcp-script"));

        call(spool, Map.of("DNSMASQ_LEASE_EXPIRES", "1900000000"), "add", MAC, "10.9.0.7", "vm-7");
        call(spool, Map.of(), "old", MAC, "10.9.0.7");
        call(spool, Map.of(), "del", MAC, "10.9.0.7", "vm-7");
        call(spool, Map.of(), "init");

        assertThat(spool.drain(batches::add)).isEqualTo(3);
        assertThat(batches).singleElement().satisfies(b -> {
            assertThat(b).extracting(LeaseEvent::action).containsExactly(LeaseAction.ADD, LeaseAction.OLD, LeaseAction.DEL);
            assertThat(b.get(0).mac()).isEqualTo(MacAddress.parse(MAC));
            assertThat(b.get(0).address()).isEqualTo(Ipv4Address.parse("10.9.0.7"));
            assertThat(b.get(0).hostname()).contains("vm-7");
            assertThat(b.get(0).expires()).contains(Instant.ofEpochSecond(1_900_000_000L));
        });
        try (var files = Files.list(dir.resolve("lease-events"))) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("next");
        }
        assertThat(spool.drain(batches::add)).isZero();
    }

    @Test
    void hostileArguments_areDataNeverCode() throws Exception {
        LeaseSpool spool = spool();
        spool.writeScript(dir.resolve("dhcp-script"));
        Path marker = dir.resolve("pwned");

        call(spool, Map.of("DNSMASQ_LEASE_EXPIRES", "$(touch " + marker + ")"), "add", MAC, "10.9.0.8",
                "$(touch " + marker + ");`touch " + marker + "`");
        call(spool, Map.of(), "add", "not-a-mac", "10.9.0.9", "vm");
        call(spool, Map.of(), "add", MAC, "10.9.0.10", "two\nlines");
        call(spool, Map.of(), "add", MAC, "10.9.0.11", "tab\there");
        call(spool, Map.of(), "add", MAC, "10.9.0.12", "fine");

        spool.drain(batches::add);

        assertThat(marker).doesNotExist();
        assertThat(batches).singleElement().satisfies(b ->
                assertThat(b).extracting(e -> e.address().toString()).containsExactly("10.9.0.12"));
        try (var files = Files.list(dir.resolve("lease-events"))) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("next");
        }
    }

    @Test
    void partialFile_waitsForItsLineEnd_thenIsDroppedWhenStale() throws IOException {
        LeaseSpool spool = spool();
        spool.writeScript(dir.resolve("dhcp-script"));
        Path partial = dir.resolve("lease-events").resolve("4.event");
        Files.writeString(partial, "add\t" + MAC + "\t10.9.0.7");
        Files.setLastModifiedTime(partial, FileTime.from(clock.instant()));
        Files.writeString(dir.resolve("lease-events").resolve("5.event"), "del\t" + MAC + "\t10.9.0.7\t\t\t\n");

        assertThat(spool.drain(batches::add)).isZero();
        assertThat(partial).exists();

        clock.advance(Duration.ofSeconds(11));
        assertThat(spool.drain(batches::add)).isEqualTo(1);
        assertThat(partial).doesNotExist();
        assertThat(batches.get(0)).extracting(LeaseEvent::action).containsExactly(LeaseAction.DEL);
    }

    @Test
    void failedRecord_keepsTheEventsForTheNextDrain() throws Exception {
        LeaseSpool spool = spool();
        spool.writeScript(dir.resolve("dhcp-script"));
        call(spool, Map.of(), "add", MAC, "10.9.0.7");

        assertThatThrownBy(() -> spool.drain(b -> {
            throw new IllegalStateException("store down");
        })).as("the store's failure reaches the caller").isInstanceOf(IllegalStateException.class).hasMessage("store down");
        try (var files = Files.list(dir.resolve("lease-events"))) {
            assertThat(files.filter(f -> f.getFileName().toString().endsWith(".event")).count())
                    .as("the event's file stays").isEqualTo(1);
        }

        assertThat(spool.drain(batches::add)).isEqualTo(1);
        assertThat(batches.get(0).get(0).hostname()).isEqualTo(Optional.empty());
    }
}
