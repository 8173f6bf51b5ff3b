package dev.berth.engine.store;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/**
 * What a token may do. Ordered by power: each role may do everything the ones before it may. Wire
 * spelling: lower case.
 */
public enum TokenRole {
  /** GET only: status, releases, events, logs, plans. */
  READ,
  /** READ plus changes to its scope: apply, rollback, scale, sync. */
  DEPLOY,
  /** Everything, including tokens and environments of every project. */
  ADMIN;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses the wire spelling; empty for anything else. */
  public static Optional<TokenRole> fromWire(String text) {
    for (TokenRole r : values()) {
      if (r.wireName().equals(text)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /** Whether this role may do what {@code needed} may. */
  public boolean allows(TokenRole needed) {
    return compareTo(needed) >= 0;
  }
}
