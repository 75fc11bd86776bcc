package io.xenvlan.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.ExhaustedException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MAC blocks: first fit in the 24-bit space, disjoint from every block in use. */
class MacsTest {

    @Test
    void place_firstFitInTheGaps() {
        List<Macs.Block> used = List.of(new Macs.Block(256, 256), new Macs.Block(0, 64), new Macs.Block(1024, 64));
        assertThat(Macs.place(used, List.of(128L, 256L, 1024L))).containsExactly(64L, 512L, 1088L);
    }

    @Test
    void place_beyondTheSpace_exhausted() {
        assertThat(Macs.place(List.of(new Macs.Block(0, Macs.SPACE - 8)), List.of(8L))).containsExactly(Macs.SPACE - 8);
        assertThatThrownBy(() -> Macs.place(List.of(new Macs.Block(0, Macs.SPACE - 8)), List.of(16L)))
                .isInstanceOf(ExhaustedException.class).hasMessageContaining("mac: no room for 16");
    }
}
