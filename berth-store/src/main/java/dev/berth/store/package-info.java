/**
 * The control plane's durable state: the engine's {@link dev.berth.engine.store.Store} port on
 * SQLite (embedded default) and PostgreSQL, opened with {@link dev.berth.store.Stores}.
 *
 * <p>One schema for both databases (Flyway migrations in {@code db/migration/sqlite} and {@code
 * db/migration/postgresql}, kept alike), one set of SQL statements (Jdbi), and one place where they
 * differ: how a transaction is run ({@code internal.SqliteTransactor}, {@code
 * internal.PostgresTransactor}). Every write is serialized and durable when it returns; every read
 * sees one consistent snapshot. {@code README.md} beside this file describes the tables, the
 * transaction model and why SQLite runs with {@code synchronous=FULL}.
 */
package dev.berth.store;
