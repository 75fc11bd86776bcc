package io.xenvlan.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-memory picture of a network's addresses: lowest free first, picks kept apart until their transaction ends. */
class FreeAddressesTest {
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    FreeAddresses network() {
        FreeAddresses free = new FreeAddresses(7, 100, 107, 0); // 8 addresses, 100 and 107 reserved
        free.reload(List.of(new FreeAddresses.Row(100, null), new FreeAddresses.Row(107, null)));
        return free;
    }

    @Test
    void pick_lowestFreeFirst_neverTwiceWhileInFlight_nullWhenNoneLeft() {
        FreeAddresses free = network();
        for (long a = 101; a <= 106; a++) {
            assertThat(free.pick(NOW)).isEqualTo(new FreeAddresses.Pick(a, false));
        }
        assertThat(free.pick(NOW)).isNull();
    }

    @Test
    void givenBack_isPickedAgain_lostIsNot() {
        FreeAddresses free = network();
        FreeAddresses.Pick first = free.pick(NOW);
        FreeAddresses.Pick second = free.pick(NOW);
        free.givenBack(first);
        free.lost(second.address());
        assertThat(free.pick(NOW).address()).isEqualTo(101);
        assertThat(free.pick(NOW).address()).isEqualTo(103);
    }

    @Test
    void reload_keepsPicksInFlight() {
        FreeAddresses free = network();
        FreeAddresses.Pick inFlight = free.pick(NOW);
        free.reload(List.of(new FreeAddresses.Row(100, null), new FreeAddresses.Row(107, null))); // not committed yet
        assertThat(free.pick(NOW).address()).isNotEqualTo(inFlight.address()).isEqualTo(102);
    }

    @Test
    void released_reusableOnlyOnceItsTimeCame_lowestFirst() {
        FreeAddresses free = network();
        for (int i = 0; i < 6; i++) {
            free.settled(free.pick(NOW).address());
        }
        free.released(104, NOW);
        assertThat(free.pick(NOW)).isNull(); // still leased
        assertThat(free.pick(NOW.plusSeconds(1))).isEqualTo(new FreeAddresses.Pick(104, true)); // stale: its row is deleted first
        free.freed(102);
        assertThat(free.pick(NOW.plusSeconds(1))).isEqualTo(new FreeAddresses.Pick(102, false));
    }

    @Test
    void reload_releasedRowsAndTheirTime() {
        FreeAddresses free = new FreeAddresses(7, 100, 103, 0);
        free.reload(List.of(new FreeAddresses.Row(100, null), new FreeAddresses.Row(101, NOW), new FreeAddresses.Row(102, Instant.MIN),
                new FreeAddresses.Row(103, null)));
        assertThat(free.pick(NOW)).isEqualTo(new FreeAddresses.Pick(102, true)); // released, lease gone
        assertThat(free.pick(NOW)).isNull();
        assertThat(free.pick(NOW.plusMillis(1))).isEqualTo(new FreeAddresses.Pick(101, true));
    }

    @Test
    void stale_untilRead_andAfterInvalidate() {
        FreeAddresses free = new FreeAddresses(7, 100, 107, 0);
        assertThat(free.stale()).isTrue();
        free.reload(List.of());
        assertThat(free.stale()).isFalse();
        free.invalidate();
        assertThat(free.stale()).isTrue();
    }

    @Test
    void mac_blockBasePlusOffset() {
        assertThat(new FreeAddresses(7, 100, 107, 0x10).mac(103)).isEqualTo(0xfa163e000013L);
    }
}
