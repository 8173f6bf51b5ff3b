package dev.berth.engine.artifact;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A sealed artifact: the tar of an app's code, named by the SHA-256 of its bytes.
 *
 * <p>Invariant: the digest is always {@code sha256:} followed by 64 lower-case hex digits. The
 * digest is the only name an artifact has, so it is validated before it reaches a file system path
 * (a digest can never be {@code ../x}).
 *
 * @param digest {@code sha256:<hex>} of the tar bytes
 * @param size the tar's length in bytes
 * @param files how many non-directory entries (regular files and symbolic links) it holds
 */
public record Artifact(String digest, long size, long files) {
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

  public Artifact {
    requireDigest(digest);
    if (size < 0 || files < 0) {
      throw new IllegalArgumentException("size and files cannot be negative");
    }
  }

  /**
   * Whether {@code text} is a well-formed digest ({@code sha256:} and 64 lower-case hex digits).
   */
  public static boolean isDigest(String text) {
    return text != null && DIGEST.matcher(text).matches();
  }

  /**
   * Returns {@code digest} if well-formed.
   *
   * @throws ArtifactException of kind {@link ArtifactException.Kind#INVALID} otherwise
   */
  public static String requireDigest(String digest) {
    Objects.requireNonNull(digest, "digest");
    if (!isDigest(digest)) {
      throw new ArtifactException(
          ArtifactException.Kind.INVALID,
          "not an artifact digest: '"
              + abbreviate(digest)
              + "'; a digest is sha256: followed by 64 lower-case hex digits");
    }
    return digest;
  }

  /** The 64 hex digits of the digest. */
  public String hex() {
    return digest.substring("sha256:".length());
  }

  /** {@code sha256:0123456789ab}: enough to tell artifacts apart in messages. */
  public String shortDigest() {
    return digest.substring(0, "sha256:".length() + 12);
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 80) + "...";
  }
}
