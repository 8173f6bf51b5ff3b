package dev.berth.store.internal;

import static dev.berth.store.internal.SqlStoreTx.instantOrNull;
import static dev.berth.store.internal.SqlStoreTx.millisOrNull;

import dev.berth.engine.store.TokenPolicy;
import dev.berth.engine.store.TokenPolicyTable;
import dev.berth.engine.store.TokenRole;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Table {@code token_policies}: one row per token that has one; {@link #put} is an upsert. */
final class SqlTokenPolicies implements TokenPolicyTable {
  private static final String COLUMNS =
      "token_id, project, environment, role, expires_at, revoked_at";

  private final SqlStoreTx tx;

  SqlTokenPolicies(SqlStoreTx tx) {
    this.tx = tx;
  }

  @Override
  public Optional<TokenPolicy> get(long tokenId) {
    return tx.reading()
        .createQuery("SELECT " + COLUMNS + " FROM token_policies WHERE token_id = :id")
        .bind("id", tokenId)
        .map((rs, ctx) -> map(rs))
        .findOne();
  }

  @Override
  public void put(TokenPolicy p) {
    tx.writing()
        .createUpdate(
            "INSERT INTO token_policies ("
                + COLUMNS
                + ") VALUES (:id, :p, :e, :role, :expires, :revoked)"
                + " ON CONFLICT (token_id) DO UPDATE SET project = excluded.project,"
                + " environment = excluded.environment, role = excluded.role,"
                + " expires_at = excluded.expires_at, revoked_at = excluded.revoked_at")
        .bind("id", p.tokenId())
        .bind("p", p.project())
        .bind("e", p.environment())
        .bind("role", p.role().name())
        .bind("expires", millisOrNull(p.expiresAt()))
        .bind("revoked", millisOrNull(p.revokedAt()))
        .execute();
  }

  @Override
  public List<TokenPolicy> list() {
    return tx.reading()
        .createQuery("SELECT " + COLUMNS + " FROM token_policies ORDER BY token_id")
        .map((rs, ctx) -> map(rs))
        .list();
  }

  private static TokenPolicy map(ResultSet rs) throws SQLException {
    return new TokenPolicy(
        rs.getLong("token_id"),
        rs.getString("project"),
        rs.getString("environment"),
        TokenRole.valueOf(rs.getString("role")),
        instantOrNull(rs, "expires_at"),
        instantOrNull(rs, "revoked_at"));
  }
}
