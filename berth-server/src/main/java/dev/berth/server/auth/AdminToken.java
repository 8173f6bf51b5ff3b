package dev.berth.server.auth;

import dev.berth.engine.store.Store;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * The admin token {@code berth up} prints and saves for the CLI. On the first start a new token is
 * issued (only its hash is stored). On later starts the token already in the CLI config is reused
 * if the store still knows it, so scripts and other terminals keep working across restarts;
 * otherwise a new one is issued and the config rewritten.
 */
public final class AdminToken {
  private AdminToken() {}

  /**
   * @param store the control plane's store
   * @param configFile the CLI config to read and write
   * @param apiUrl the API URL to record in the config
   * @return the token to print
   */
  public static String ensure(Store store, Path configFile, String apiUrl, Clock clock)
      throws IOException {
    Optional<ClientConfig> existing = ClientConfig.read(configFile);
    if (existing.isPresent() && existing.get().token() != null) {
      String hash = Tokens.sha256Hex(existing.get().token());
      if (store.read(tx -> tx.tokens().findByHash(hash)).isPresent()) {
        if (!apiUrl.equals(existing.get().url())) {
          new ClientConfig(apiUrl, existing.get().token()).write(configFile);
        }
        return existing.get().token();
      }
    }
    String token = Tokens.generate();
    store.write(tx -> tx.tokens().add("admin", Tokens.sha256Hex(token), clock.instant()));
    new ClientConfig(apiUrl, token).write(configFile);
    return token;
  }
}
