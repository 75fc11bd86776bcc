package io.xenvlan.store;

import java.time.Instant;
import java.util.BitSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * This process's picture of one network's addresses, so an allocation picks a free address in
 * memory and writes one row. Only a picture: the address's primary key in {@code fixed_ips} settles
 * every race (other processes, other stores), and a pick that loses is marked taken and the next
 * address tried. Hands out the lowest address it believes free; addresses other processes free are
 * seen at the next {@link #reload}. Thread-safe (one monitor per network).
 */
final class FreeAddresses {
    /** An address handed to one allocation; {@code hasRow}: a released row past its stale time, to delete first. */
    record Pick(long address, boolean hasRow) {}

    /** A row of the network as loaded: its address, and for a released one when it may be reused (else null). */
    record Row(long address, Instant reusableFrom) {}

    final long networkId;
    final long first;
    final long macBase;
    private final int size;
    private final BitSet taken;
    /**
     * Offsets picked by allocations of this process whose transaction has not ended: a handful at a
     * time, so a plain list (a sparse BitSet rescans all its words whenever its last bit is cleared).
     */
    private int[] inFlight = new int[8];
    private int inFlightCount;
    /** Released rows, by the instant from which they may be reused, then offset. */
    private final TreeMap<Instant, TreeSet<Integer>> waiting = new TreeMap<>();
    /** Released rows whose time came (offsets, lowest first). */
    private final TreeSet<Integer> reusable = new TreeSet<>();
    private int lowest;
    private volatile boolean stale = true; // nothing read yet

    FreeAddresses(long networkId, long first, long last, long macBase) {
        this.networkId = networkId;
        this.first = first;
        this.macBase = macBase;
        this.size = (int) (last - first + 1);
        this.taken = new BitSet(size);
    }

    long last() {
        return first + size - 1;
    }

    boolean contains(long address) {
        return address >= first && address < first + size;
    }

    /** Replaces the picture by the rows read now, keeping this process's picks in flight. */
    synchronized void reload(Iterable<Row> rows) {
        taken.clear();
        waiting.clear();
        reusable.clear();
        for (Row r : rows) {
            int offset = offset(r.address());
            taken.set(offset);
            if (r.reusableFrom() != null && !inFlight(offset)) {
                waiting.computeIfAbsent(r.reusableFrom(), t -> new TreeSet<>()).add(offset);
            }
        }
        for (int i = 0; i < inFlightCount; i++) {
            taken.set(inFlight[i]);
        }
        lowest = 0;
        stale = false;
    }

    /** Whether the picture must be read again before the next pick (see {@link #invalidate}). */
    boolean stale() {
        return stale;
    }

    /** Another part of the store changed rows it cannot name (stale reclaim): reload before the next pick. */
    void invalidate() {
        stale = true;
    }

    /** The lowest address believed free, or null when none is. */
    synchronized Pick pick(Instant staleBefore) {
        while (!waiting.isEmpty() && waiting.firstKey().isBefore(staleBefore)) {
            reusable.addAll(waiting.pollFirstEntry().getValue());
        }
        int free = taken.nextClearBit(lowest);
        Integer old = reusable.isEmpty() ? null : reusable.first();
        if (old != null && (free >= size || old < free)) {
            reusable.remove(old);
            fly(old);
            return new Pick(first + old, true);
        }
        if (free >= size) {
            lowest = size;
            return null;
        }
        taken.set(free);
        fly(free);
        lowest = free + 1;
        return new Pick(first + free, false);
    }

    /** The pick's row is committed. */
    synchronized void settled(long address) {
        land(offset(address));
    }

    /** The pick was not used (its transaction failed): free again, or reusable again if it had a row. */
    synchronized void givenBack(Pick pick) {
        int offset = offset(pick.address());
        land(offset);
        if (pick.hasRow()) {
            reusable.add(offset);
        } else {
            taken.clear(offset);
            lowest = Math.min(lowest, offset);
        }
    }

    /** The pick turned out to be taken by someone else (its row exists). */
    synchronized void lost(long address) {
        land(offset(address));
    }

    /** An address this process gave an allocation outside {@link #pick} (a requested address). */
    synchronized void takenByRequest(long address) {
        int offset = offset(address);
        taken.set(offset);
        reusable.remove(offset);
        waiting.values().forEach(s -> s.remove(offset));
    }

    /** This process deleted the address's row: it is free. */
    synchronized void freed(long address) {
        int offset = offset(address);
        if (inFlight(offset)) {
            return;
        }
        taken.clear(offset);
        reusable.remove(offset);
        waiting.values().forEach(s -> s.remove(offset));
        lowest = Math.min(lowest, offset);
    }

    /** This process released the address but dnsmasq still leases it: reusable from {@code from}. */
    synchronized void released(long address, Instant from) {
        int offset = offset(address);
        taken.set(offset);
        waiting.computeIfAbsent(from, t -> new TreeSet<>()).add(offset);
    }

    /** The MAC of an address of this network: fa:16:3e, then the network's block base plus the offset. */
    long mac(long address) {
        return Macs.of(macBase, address - first);
    }

    private void fly(int offset) {
        if (inFlightCount == inFlight.length) {
            inFlight = java.util.Arrays.copyOf(inFlight, inFlightCount * 2);
        }
        inFlight[inFlightCount++] = offset;
    }

    private void land(int offset) {
        for (int i = 0; i < inFlightCount; i++) {
            if (inFlight[i] == offset) {
                inFlight[i] = inFlight[--inFlightCount];
                return;
            }
        }
    }

    private boolean inFlight(int offset) {
        for (int i = 0; i < inFlightCount; i++) {
            if (inFlight[i] == offset) {
                return true;
            }
        }
        return false;
    }

    private int offset(long address) {
        return (int) (address - first);
    }
}
