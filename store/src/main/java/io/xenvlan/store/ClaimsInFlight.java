package io.xenvlan.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fixed IP rows that allocations of this store are claiming right now, so that racing allocations
 * in this process pick different rows instead of queueing on one. Only a hint: the database
 * arbitrates every claim (see AllocationStatements), so other processes, and a mark that is
 * missing, cost a retry and never a duplicate.
 */
final class ClaimsInFlight {
    private final Set<Long> rows = ConcurrentHashMap.newKeySet();

    /** The marks one allocation holds until its transaction has ended. */
    final class Marks implements AutoCloseable {
        private final List<Long> held = new ArrayList<>(2);

        /** Marks the row unless another allocation of this process holds it. */
        boolean take(long rowId) {
            if (!rows.add(rowId)) {
                return false;
            }
            held.add(rowId);
            return true;
        }

        @Override
        public void close() {
            held.forEach(rows::remove);
            held.clear();
        }
    }

    Marks marks() {
        return new Marks();
    }
}
