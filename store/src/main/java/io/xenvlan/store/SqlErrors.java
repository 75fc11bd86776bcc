package io.xenvlan.store;

import io.xenvlan.core.error.BackendFailureException;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Classifies database errors: which are races worth retrying, which constraint was hit. */
final class SqlErrors {
    private static final Set<String> RETRYABLE = Set.of(
            "40001", // serialization failure (PostgreSQL), deadlock (H2)
            "40P01", // deadlock detected (PostgreSQL)
            "55P03", // lock not available (PostgreSQL)
            "HYT00", // lock timeout (H2)
            "90131", // concurrent update in another transaction (H2)
            "23505"); // unique violation: a racing transaction won; the retry sees its result

    private SqlErrors() {}

    static boolean retryable(SQLException e) {
        return e.getSQLState() != null && RETRYABLE.contains(e.getSQLState());
    }

    static boolean uniqueViolation(SQLException e, String constraint) {
        return "23505".equals(e.getSQLState()) && String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains(constraint);
    }

    static BackendFailureException failure(SQLException e) {
        return new BackendFailureException("database", String.valueOf(e.getSQLState()), List.of(),
                "database: " + e.getMessage(), e);
    }
}
