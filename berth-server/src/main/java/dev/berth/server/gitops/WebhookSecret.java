package dev.berth.server.gitops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * The secret webhooks are signed with: {@code BERTH_WEBHOOK_SECRET} when set, else the file {@code
 * webhook-secret} in the data directory, made on first start with 32 random bytes and mode 0600.
 * {@code berth env webhook} shows it to an admin, to paste into GitHub's webhook settings.
 */
public final class WebhookSecret {
  private WebhookSecret() {}

  public static String load(Path dataDir, Map<String, String> env) {
    String given = env.get("BERTH_WEBHOOK_SECRET");
    if (given != null && !given.isBlank()) {
      return given.strip();
    }
    Path file = dataDir.resolve("webhook-secret");
    try {
      if (Files.isRegularFile(file)) {
        return Files.readString(file, StandardCharsets.UTF_8).strip();
      }
      byte[] b = new byte[32];
      new SecureRandom().nextBytes(b);
      String secret = HexFormat.of().formatHex(b);
      Files.createDirectories(dataDir);
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, secret + "\n", StandardCharsets.UTF_8, StandardOpenOption.WRITE);
      return secret;
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read or create the webhook secret "
              + file
              + ": "
              + e.getMessage()
              + "; fix its permissions or set BERTH_WEBHOOK_SECRET",
          e);
    }
  }
}
