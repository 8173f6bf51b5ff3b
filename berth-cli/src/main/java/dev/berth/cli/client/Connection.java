package dev.berth.cli.client;

import dev.berth.cli.CliException;
import dev.berth.server.auth.ClientConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the CLI connects: {@code BERTH_URL} and {@code BERTH_TOKEN} if set, else the config file
 * {@code berth up} or {@code berth login} wrote (see {@link ClientConfig#defaultPath}).
 */
public final class Connection {
  private Connection() {}

  public static ApiClient resolve(Map<String, String> env) {
    String envUrl = firstNonBlank(env.get("BERTH_URL"), null);
    String envToken = firstNonBlank(env.get("BERTH_TOKEN"), null);
    if (envUrl != null && envToken != null) {
      return new ApiClient(envUrl, envToken); // no config file needed, nor a HOME to find it
    }
    Path file = configPath(env);
    Optional<ClientConfig> cfg = ClientConfig.read(file);
    String url = firstNonBlank(envUrl, cfg.map(ClientConfig::url).orElse(null));
    String token = firstNonBlank(envToken, cfg.map(ClientConfig::token).orElse(null));
    if (url == null) {
      throw new CliException(
          CliException.UNREACHABLE,
          "no Berth server configured: start one with 'berth up' (it saves its URL and token to "
              + file
              + "), or run berth login --url URL, or set BERTH_URL and BERTH_TOKEN");
    }
    return new ApiClient(url, token);
  }

  /** The config file's path, or a clear error when the environment names none. */
  public static Path configPath(Map<String, String> env) {
    try {
      return ClientConfig.defaultPath(env);
    } catch (IllegalStateException e) {
      throw CliException.invalid(e.getMessage() + " (or set BERTH_URL and BERTH_TOKEN)");
    }
  }

  private static String firstNonBlank(String a, String b) {
    if (a != null && !a.isBlank()) {
      return a.trim();
    }
    return b == null || b.isBlank() ? null : b.trim();
  }
}
