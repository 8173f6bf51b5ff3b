package dev.berth.store.internal;

import dev.berth.store.StoreException;
import java.util.Arrays;
import java.util.Comparator;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Brings a database to the schema this Berth knows, with Flyway, and refuses one that a newer Berth
 * has already migrated further: Flyway's default would ignore such "future" migrations and let this
 * older code run against tables it does not understand.
 */
final class Migrations {
  private Migrations() {}

  /**
   * Migrates, or throws {@link StoreException}.
   *
   * @param location classpath folder of this dialect's migrations
   * @param schema the schema to keep Berth's tables in (created if missing), or {@code null} for
   *     the connection's default
   * @param where names the database in messages ("the database /x/berth.db")
   * @param flag the command-line flag that picks another database
   * @param secret a password to keep out of messages, or {@code null}
   */
  static void migrate(
      DataSource dataSource,
      String location,
      String schema,
      String where,
      String flag,
      String secret) {
    FluentConfiguration config =
        Flyway.configure(Migrations.class.getClassLoader())
            .dataSource(dataSource)
            .locations("classpath:" + location)
            .failOnMissingLocations(true);
    if (schema != null) {
      config.schemas(schema).defaultSchema(schema).createSchemas(true);
    }
    Flyway flyway = config.load();
    try {
      refuseNewerSchema(flyway, where, flag);
      flyway.migrate();
    } catch (FlywayException e) {
      throw new StoreException(
          "cannot prepare "
              + where
              + ": "
              + Errors.reason(e, secret)
              + "; check "
              + flag
              + " or restore a backup",
          e);
    }
  }

  private static void refuseNewerSchema(Flyway flyway, String where, String flag) {
    MigrationInfo[] all = flyway.info().all();
    MigrationVersion newest =
        Arrays.stream(all)
            .filter(
                m ->
                    m.getState() == MigrationState.FUTURE_SUCCESS
                        || m.getState() == MigrationState.FUTURE_FAILED)
            .map(MigrationInfo::getVersion)
            .max(Comparator.naturalOrder())
            .orElse(null);
    if (newest == null) {
      return;
    }
    String known =
        Arrays.stream(all)
            .filter(m -> m.getState() != MigrationState.FUTURE_SUCCESS)
            .filter(m -> m.getState() != MigrationState.FUTURE_FAILED)
            .map(MigrationInfo::getVersion)
            .filter(v -> v != null)
            .max(Comparator.naturalOrder())
            .map(MigrationVersion::getVersion)
            .orElse("none");
    throw new StoreException(
        where
            + " was written by a newer version of Berth (schema version "
            + newest.getVersion()
            + "; this version knows up to "
            + known
            + "): upgrade Berth, or use another "
            + flag);
  }
}
