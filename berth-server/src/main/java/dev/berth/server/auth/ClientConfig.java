package dev.berth.server.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

/**
 * The CLI's {@code config.json}: the API URL and token the {@code berth} command uses. Written by
 * {@code berth up} and {@code berth login}, readable only by its owner (mode 0600), replaced
 * atomically so a crash never leaves half a file. {@code BERTH_URL} and {@code BERTH_TOKEN}
 * override it; {@code BERTH_CONFIG} names another file (tests, several control planes).
 *
 * @param url API base URL, e.g. {@code http://127.0.0.1:7070}
 * @param token API token
 */
public record ClientConfig(String url, String token) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** {@code $BERTH_CONFIG}, else {@code ~/.berth/config.json}. */
  public static Path defaultPath(Map<String, String> env) {
    String p = env.get("BERTH_CONFIG");
    if (p != null && !p.isBlank()) {
      return Path.of(p);
    }
    return Path.of(System.getProperty("user.home"), ".berth", "config.json");
  }

  public static Optional<ClientConfig> read(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      var node = JSON.readTree(file.toFile());
      String url = node.path("url").asText(null);
      String token = node.path("token").asText(null);
      return Optional.of(new ClientConfig(url, token));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Writes atomically with mode 0600. */
  public void write(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".config", ".tmp");
    try {
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // not a POSIX file system: the directory's permissions protect it
      }
      JSON.writerWithDefaultPrettyPrinter()
          .writeValue(tmp.toFile(), Map.of("url", url, "token", token));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
