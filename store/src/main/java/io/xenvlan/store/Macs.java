package io.xenvlan.store;

import io.xenvlan.core.error.ExhaustedException;
import io.xenvlan.core.value.MacAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * MACs derived from addresses: each network owns a disjoint block of the 24 bits after
 * {@code fa:16:3e} (its {@code mac_base}, chosen at creation under the network-creation lock), and
 * an address's MAC is the block base plus the address's offset in the network. Unique by
 * construction, so no MAC index and no retry on collision (Docker derives MACs from addresses
 * the same way).
 */
final class Macs {
    static final long SPACE = 1L << 24;

    private Macs() {}

    static long of(long macBase, long offset) {
        return MacAddress.XENVLAN_PREFIX << 24 | (macBase + offset);
    }

    /** A used block of the MAC space. */
    record Block(long base, long size) {}

    /**
     * The lowest free block base for each of {@code sizes}, first fit among {@code used} (in any order).
     * @throws ExhaustedException naming {@code mac} when the space has no gap that large
     */
    static List<Long> place(List<Block> used, List<Long> sizes) {
        List<Block> blocks = new ArrayList<>(used);
        List<Long> bases = new ArrayList<>();
        for (long size : sizes) {
            blocks.sort((a, b) -> Long.compare(a.base(), b.base()));
            long candidate = 0;
            for (Block b : blocks) {
                if (candidate + size <= b.base()) {
                    break;
                }
                candidate = Math.max(candidate, b.base() + b.size());
            }
            if (candidate + size > SPACE) {
                throw new ExhaustedException("mac: no room for " + size + " more MAC addresses; the fa:16:3e space holds "
                        + SPACE + " across all networks", Map.of("field", "mac", "rule", "mac-space", "size", size));
            }
            blocks.add(new Block(candidate, size));
            bases.add(candidate);
        }
        return bases;
    }
}
