/**
 * The store adapter: JDBC on PostgreSQL or embedded H2 (one process at a time, encrypted, with a
 * lock file and a generated password), Flyway migrations, transactions with retry on serialization
 * failure, and the statements behind the core's store ports.
 */
package io.xenvlan.store;
