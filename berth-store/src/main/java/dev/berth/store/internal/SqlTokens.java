package dev.berth.store.internal;

import static dev.berth.store.internal.SqlStoreTx.instant;
import static dev.berth.store.internal.SqlStoreTx.millis;

import dev.berth.engine.store.TokenRecord;
import dev.berth.engine.store.TokenTable;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Table {@code tokens}: hashes only, unique; ids from the database, listed in id order. */
final class SqlTokens implements TokenTable {
  private final SqlStoreTx tx;

  SqlTokens(SqlStoreTx tx) {
    this.tx = tx;
  }

  @Override
  public TokenRecord add(String name, String sha256Hex, Instant createdAt) {
    long at = millis(createdAt);
    long id =
        tx.writing()
            .createQuery(
                "INSERT INTO tokens (name, sha256, created_at) VALUES (:name, :sha, :at)"
                    + " RETURNING id")
            .bind("name", name)
            .bind("sha", sha256Hex)
            .bind("at", at)
            .mapTo(Long.class)
            .one();
    return new TokenRecord(id, name, sha256Hex, Instant.ofEpochMilli(at));
  }

  @Override
  public Optional<TokenRecord> findByHash(String sha256Hex) {
    return tx.reading()
        .createQuery("SELECT id, name, sha256, created_at FROM tokens WHERE sha256 = :sha")
        .bind("sha", sha256Hex)
        .map((rs, ctx) -> map(rs))
        .findOne();
  }

  @Override
  public List<TokenRecord> list() {
    return tx.reading()
        .createQuery("SELECT id, name, sha256, created_at FROM tokens ORDER BY id")
        .map((rs, ctx) -> map(rs))
        .list();
  }

  private static TokenRecord map(ResultSet rs) throws SQLException {
    return new TokenRecord(
        rs.getLong("id"), rs.getString("name"), rs.getString("sha256"), instant(rs, "created_at"));
  }
}
