package dev.berth.cli.client;

import dev.berth.cli.CliException;
import dev.berth.server.auth.ClientConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the CLI connects: {@code BERTH_URL} and {@code BERTH_TOKEN} if set, else the config file
 * {@code berth up} or {@code berth login} wrote ({@code ~/.berth/config.json}, or {@code
 * BERTH_CONFIG}).
 */
public final class Connection {
  private Connection() {}

  public static ApiClient resolve(Map<String, String> env) {
    Path file = ClientConfig.defaultPath(env);
    Optional<ClientConfig> cfg = ClientConfig.read(file);
    String url = firstNonBlank(env.get("BERTH_URL"), cfg.map(ClientConfig::url).orElse(null));
    String token = firstNonBlank(env.get("BERTH_TOKEN"), cfg.map(ClientConfig::token).orElse(null));
    if (url == null) {
      throw new CliException(
          CliException.UNREACHABLE,
          "no Berth server configured: start one with 'berth up' (it saves its URL and token to "
              + file
              + "), or run berth login --url URL, or set BERTH_URL and BERTH_TOKEN");
    }
    return new ApiClient(url, token);
  }

  private static String firstNonBlank(String a, String b) {
    if (a != null && !a.isBlank()) {
      return a.trim();
    }
    return b == null || b.isBlank() ? null : b.trim();
  }
}
