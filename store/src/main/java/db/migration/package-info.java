/**
 * Flyway migrations written in Java, where SQL alone cannot do the step on both H2 and PostgreSQL
 * (the other migrations are SQL files under {@code db/migration}).
 */
package db.migration;
