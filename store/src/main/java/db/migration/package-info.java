/** Flyway's Java migrations (schema changes that differ between H2 and PostgreSQL), next to the SQL ones of {@code db/migration}. */
package db.migration;
