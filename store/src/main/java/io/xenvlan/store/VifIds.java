package io.xenvlan.store;

import db.migration.V6__Address_allocations;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * VIF ids without a database round trip per allocation: each value of the {@code vif_id_blocks}
 * sequence stands for {@link V6__Address_allocations#VIF_ID_BLOCK} ids, which this process hands out
 * from memory (the hi/lo scheme). Ids are unique across processes; a block a process does
 * not use up leaves a gap.
 */
final class VifIds {
    private record Block(AtomicLong next, long end) {}

    private final Dialect dialect;
    private volatile Block current = new Block(new AtomicLong(), 0);

    VifIds(Dialect dialect) {
        this.dialect = dialect;
    }

    /**
     * The next id. When the block is used up, this thread fetches a new one on {@code c} and takes its
     * first id; no thread waits for another's fetch (threads that run out together each fetch one, and
     * only the last installed is used further: the others' remaining ids are a gap).
     */
    long next(Connection c) throws SQLException {
        Block block = current;
        long id = block.next().getAndIncrement();
        if (id < block.end()) {
            return id;
        }
        long base = Jdbc.first(c, dialect.nextValue("vif_id_blocks"), rs -> rs.getLong(1)).orElseThrow()
                * V6__Address_allocations.VIF_ID_BLOCK;
        current = new Block(new AtomicLong(base + 1), base + V6__Address_allocations.VIF_ID_BLOCK);
        return base;
    }
}
