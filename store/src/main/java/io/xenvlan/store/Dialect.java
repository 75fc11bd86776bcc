package io.xenvlan.store;

import java.util.Locale;
import java.util.Optional;

/** The few places where H2 and PostgreSQL SQL differ. */
enum Dialect {
    H2 {
        @Override
        String stamp() {
            return "NEXT VALUE FOR change_seq";
        }

        @Override
        String returning(String update, String columns) {
            return "SELECT " + columns + " FROM FINAL TABLE (" + update + ")";
        }

        @Override
        String safeChangeBound() {
            // H2 runs embedded: the store's change lock (see Transactions) keeps writers out while
            // changeSequence reads, so every stamp present is committed.
            return "SELECT " + Long.MAX_VALUE;
        }

        @Override
        Optional<String> changeSequencePosition() {
            // Under that lock every stamp handed out belongs to an ended transaction, and every
            // change draws one, so the sequence's own position is the change sequence, without an
            // index on fixed_ips.change_seq (a stamp drawn by a statement that failed only costs
            // nodes a needless look).
            return Optional.of("SELECT BASE_VALUE - 1 FROM INFORMATION_SCHEMA.SEQUENCES WHERE SEQUENCE_SCHEMA = CURRENT_SCHEMA"
                    + " AND SEQUENCE_NAME = 'CHANGE_SEQ'");
        }

        @Override
        String keyShareLock() {
            return ""; // H2 runs disassociation and deletion exclusive of this store's writers instead
        }

        @Override
        String onAddressConflictSkip() {
            return ""; // a duplicate address fails the statement only, the transaction goes on
        }

        @Override
        String nextValue(String sequence) {
            return "SELECT NEXT VALUE FOR " + sequence;
        }

        @Override
        String stampRelease() {
            return "MERGE INTO address_releases (address, change_seq) KEY (address) VALUES (?, " + stamp() + ")";
        }

        @Override
        boolean locksInSubqueries() {
            return false; // H2 ignores FOR UPDATE SKIP LOCKED inside a subquery
        }

        @Override
        String pickFrom(String table, String index) {
            return table + " USE INDEX (" + index + ")";
        }

        @Override
        String pickOrder(String columns) {
            // With ORDER BY, H2 sorts every matching row and FOR UPDATE locks them all; the index
            // scan already yields this order and lets SKIP LOCKED lock just the first free row.
            return "";
        }
    },
    POSTGRES {
        @Override
        String stamp() {
            // the writing transaction's id: many processes stamp without sharing a hot sequence row
            return "pg_current_xact_id()::text::bigint";
        }

        @Override
        String returning(String update, String columns) {
            return update + " RETURNING " + columns;
        }

        @Override
        String safeChangeBound() {
            // Every transaction below the snapshot's xmin has ended: stamps under it can no longer
            // appear late, so a reader never confirms a sequence an in-flight change is below.
            return "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint";
        }

        @Override
        Optional<String> changeSequencePosition() {
            return Optional.empty(); // the highest stamp below the bound (each MAX one backward index scan)
        }

        @Override
        String keyShareLock() {
            // the lock a racing disassociation or deletion (FOR UPDATE of the row) waits for; after it,
            // the ownership condition is evaluated again on the row as it is then
            return " FOR KEY SHARE";
        }

        @Override
        String onAddressConflictSkip() {
            return " ON CONFLICT (address) DO NOTHING";
        }

        @Override
        String nextValue(String sequence) {
            return "SELECT nextval('" + sequence + "')";
        }

        @Override
        String stampRelease() {
            return "INSERT INTO address_releases (address, change_seq) VALUES (?, " + stamp() + ")"
                    + " ON CONFLICT (address) DO UPDATE SET change_seq = EXCLUDED.change_seq";
        }

        @Override
        boolean locksInSubqueries() {
            return true;
        }

        @Override
        String pickFrom(String table, String index) {
            return table;
        }

        @Override
        String pickOrder(String columns) {
            return " ORDER BY " + columns;
        }
    };

    /** SQL expression giving a fresh change stamp inside a writing transaction. */
    abstract String stamp();

    /** An UPDATE that yields the given columns of the updated rows. */
    abstract String returning(String update, String columns);

    /** A query for the bound below which every change stamp belongs to an ended transaction. */
    abstract String safeChangeBound();

    /** A query for the change sequence where the stamps' source tells it directly, else empty (a MAX of the stamps). */
    abstract Optional<String> changeSequencePosition();

    /** The locking clause of the allocation's read of its network row. */
    abstract String keyShareLock();

    /** What ends an allocation's INSERT so a taken address inserts nothing instead of failing the transaction. */
    abstract String onAddressConflictSkip();

    /** Whether a taken address makes that INSERT insert nothing (else it throws a unique violation). */
    boolean skipsAddressConflicts() {
        return !onAddressConflictSkip().isEmpty();
    }

    /** A query for the sequence's next value. */
    abstract String nextValue(String sequence);

    /** Stamps the release of the address {@code ?} whose row was deleted. */
    abstract String stampRelease();

    /** Whether FOR UPDATE SKIP LOCKED in a subquery of an UPDATE locks and skips rows as at top level. */
    abstract boolean locksInSubqueries();

    /** The FROM item of a FOR UPDATE SKIP LOCKED pick that must walk {@code index} ({@code table} may carry an alias). */
    abstract String pickFrom(String table, String index);

    /** The ORDER BY of such a pick (the index's order). */
    abstract String pickOrder(String columns);

    static Dialect of(String jdbcUrl) {
        String url = jdbcUrl.toLowerCase(Locale.ROOT);
        if (url.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRES;
        }
        throw new io.xenvlan.core.error.InvalidInputException("db", "jdbc-url",
                "db: only jdbc:h2: and jdbc:postgresql: URLs are supported");
    }
}
