package dev.berth.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API tokens: {@code berth_} followed by 32 random bytes in URL-safe base64. Only the SHA-256 of a
 * token is stored, so the database grants nothing to whoever reads it; comparing hashes of
 * high-entropy tokens needs no slow KDF.
 */
public final class Tokens {
  private static final SecureRandom RANDOM = new SecureRandom();
  public static final String PREFIX = "berth_";

  private Tokens() {}

  public static String generate() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  public static String sha256Hex(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
