package dev.berth.engine.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** API tokens, by hash. */
public interface TokenTable {
  /** Stores a token hash and returns its record. */
  TokenRecord add(String name, String sha256Hex, Instant createdAt);

  Optional<TokenRecord> findByHash(String sha256Hex);

  List<TokenRecord> list();
}
