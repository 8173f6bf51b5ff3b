package dev.berth.engine.store;

import java.util.List;
import java.util.Optional;

/** Scopes, roles and expiry of API tokens (see {@link TokenPolicy}). */
public interface TokenPolicyTable {
  Optional<TokenPolicy> get(long tokenId);

  /** Inserts or replaces (keyed by token id). */
  void put(TokenPolicy policy);

  /** All, by token id. */
  List<TokenPolicy> list();
}
