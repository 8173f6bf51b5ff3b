package dev.berth.server.auth;

import dev.berth.engine.store.Store;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * The admin token {@code berth up} prints and saves for the CLI. On the first start a new token is
 * issued (only its hash is stored). On later starts a token already saved in the CLI config, as the
 * current control plane or an earlier one, is reused if this store knows it, so scripts and other
 * terminals keep working across restarts; otherwise a new one is issued. Either way the config then
 * points at this control plane, and the one it pointed at before stays saved (see {@link
 * ClientConfig#switchTo}): a second control plane never silently takes the first one's token away.
 */
public final class AdminToken {
  private AdminToken() {}

  /**
   * What {@link #save} did.
   *
   * @param token the token to print
   * @param previous the other control plane the config pointed at before, if it pointed at one
   */
  public record Saved(String token, Optional<ClientConfig.Target> previous) {}

  /** {@link #save} without a data directory, returning only the token. */
  public static String ensure(Store store, Path configFile, String apiUrl, Clock clock)
      throws IOException {
    return save(store, configFile, apiUrl, null, clock).token();
  }

  /**
   * @param store the control plane's store
   * @param configFile the CLI config to read and write
   * @param apiUrl the API URL to record in the config
   * @param dataDir the control plane's data directory, recorded to tell control planes apart
   */
  public static Saved save(Store store, Path configFile, String apiUrl, Path dataDir, Clock clock)
      throws IOException {
    ClientConfig config =
        ClientConfig.read(configFile).orElse(new ClientConfig(null, java.util.List.of()));
    String token = null;
    for (ClientConfig.Target t : config.all()) {
      if (t.token() != null && knows(store, t.token())) {
        token = t.token();
        break;
      }
    }
    if (token == null) {
      token = Tokens.generate();
      String issued = token;
      store.write(tx -> tx.tokens().add("admin", Tokens.sha256Hex(issued), clock.instant()));
    }
    ClientConfig.Target self =
        new ClientConfig.Target(
            apiUrl, token, dataDir == null ? null : dataDir.toAbsolutePath().toString());
    ClientConfig.Target before = config.current();
    if (!self.equals(before)) {
      config.switchTo(self).write(configFile);
    }
    boolean another =
        before != null
            && !Objects.equals(before.token(), token)
            && (self.dataDir() == null || !self.dataDir().equals(before.dataDir()));
    return new Saved(token, another ? Optional.of(before) : Optional.empty());
  }

  private static boolean knows(Store store, String token) {
    String hash = Tokens.sha256Hex(token);
    return store.read(tx -> tx.tokens().findByHash(hash)).isPresent();
  }
}
