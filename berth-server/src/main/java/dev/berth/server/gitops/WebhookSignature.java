package dev.berth.server.gitops;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Hub-Signature-256} scheme GitHub signs webhook deliveries with: {@code sha256=} and
 * the lower-case hex HMAC-SHA256 of the raw body under the shared secret. Berth's generic webhook
 * uses the same scheme in {@code X-Berth-Signature-256}.
 *
 * <p>Invariant: the comparison takes the same time wherever the first differing byte is ({@link
 * MessageDigest#isEqual}), so the signature cannot be guessed byte by byte from response times; a
 * missing, malformed or wrong header is simply "not valid".
 */
public final class WebhookSignature {
  private static final String PREFIX = "sha256=";

  private WebhookSignature() {}

  /** {@code sha256=<hex>} of {@code body} under {@code secret}. */
  public static String sign(byte[] secret, byte[] body) {
    return PREFIX + HexFormat.of().formatHex(hmac(secret, body));
  }

  /** Whether {@code header} is the signature of {@code body} under {@code secret}. */
  public static boolean valid(byte[] secret, byte[] body, String header) {
    if (header == null || !header.startsWith(PREFIX) || header.length() != PREFIX.length() + 64) {
      return false;
    }
    byte[] given;
    try {
      given = HexFormat.of().parseHex(header.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(hmac(secret, body), given);
  }

  private static byte[] hmac(byte[] secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.length == 0 ? new byte[1] : secret, "HmacSHA256"));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
    }
  }

  /** The secret as bytes (UTF-8), as GitHub uses the text typed in its settings. */
  public static byte[] secretBytes(String secret) {
    return secret.getBytes(StandardCharsets.UTF_8);
  }
}
