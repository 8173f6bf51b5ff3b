package dev.berth.store;

import dev.berth.engine.store.Store;
import dev.berth.store.internal.PostgresDatabase;
import dev.berth.store.internal.SqliteDatabase;
import java.nio.file.Path;

/**
 * Opens the control plane's {@link Store}: SQLite in the data directory by default, PostgreSQL when
 * a database URL is given. Every method migrates the schema to the current version before it
 * returns, and throws {@link StoreException} with a message for a person when it cannot.
 *
 * <p>See {@code README.md} in this package for the schema and the transaction model.
 */
public final class Stores {
  /** The SQLite file's name inside the data directory. */
  public static final String SQLITE_FILE = "berth.db";

  private Stores() {}

  /**
   * Opens (creating if needed) the SQLite store in {@code dataDir}/{@value #SQLITE_FILE}: WAL
   * journal, foreign keys on, {@code synchronous=FULL}, writes serialized in this JVM.
   *
   * @throws StoreException when the directory cannot be created or written, the file is not a Berth
   *     database, or it was written by a newer Berth
   */
  public static Store openSqlite(Path dataDir) {
    return SqliteDatabase.open(dataDir);
  }

  /**
   * Opens the PostgreSQL store.
   *
   * @param url {@code postgresql://user:password@host:5432/database?options} (libpq style; {@code
   *     postgres://} too) or {@code jdbc:postgresql://host:5432/database?user=...}. The option
   *     {@code schema} (or {@code currentSchema}) puts Berth's tables in that schema, created if
   *     missing.
   * @throws StoreException when the URL is malformed, the server cannot be reached or refuses the
   *     login, or the schema was written by a newer Berth
   */
  public static Store openPostgres(String url) {
    return PostgresDatabase.open(url);
  }

  /**
   * PostgreSQL when {@code databaseUrlOrNull} is set (not blank), SQLite in {@code dataDir}
   * otherwise: what {@code berth up --database URL --data-dir DIR} does.
   */
  public static Store open(String databaseUrlOrNull, Path dataDir) {
    if (databaseUrlOrNull != null && !databaseUrlOrNull.isBlank()) {
      return openPostgres(databaseUrlOrNull);
    }
    return openSqlite(dataDir);
  }
}
