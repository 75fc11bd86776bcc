package io.xenvlan.store;

import java.util.Locale;

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
        String series(String column) {
            return "(SELECT X AS " + column + " FROM SYSTEM_RANGE(?, ?)) s";
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
        String series(String column) {
            return "generate_series(CAST(? AS BIGINT), CAST(? AS BIGINT)) AS s(" + column + ")";
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

    /** A FROM item {@code s} with one BIGINT column counting from the first to the second parameter. */
    abstract String series(String column);

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
