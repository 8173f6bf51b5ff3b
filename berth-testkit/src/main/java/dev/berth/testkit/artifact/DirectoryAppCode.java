package dev.berth.testkit.artifact;

import dev.berth.engine.artifact.AppCode;
import dev.berth.engine.artifact.Artifact;
import dev.berth.engine.artifact.ArtifactException;
import dev.berth.engine.store.EnvironmentKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fake {@link AppCode} for engine tests that run no real process: "packing" a directory names it
 * by a digest of its path (so the same directory is the same code, a different one different code),
 * and a checkout is the directory itself. Digests can also be registered as uploaded.
 */
public final class DirectoryAppCode implements AppCode {
  private final Map<String, Path> dirs = new ConcurrentHashMap<>();
  private final Map<String, Instant> used = new ConcurrentHashMap<>();
  private final Clock clock;

  public DirectoryAppCode() {
    this(Clock.systemUTC());
  }

  /** A fake timing each artifact's last use (for retention) with {@code clock}. */
  public DirectoryAppCode(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Artifact pack(Path dir, String specFile) {
    String digest = digest(dir, specFile);
    dirs.put(digest, dir);
    used.put(digest, clock.instant());
    return new Artifact(digest, 0, 0);
  }

  @Override
  public String digest(Path dir, String specFile) {
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256")
              .digest(dir.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(h);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Makes {@code digest} a stored artifact whose checkout is {@code dir} (an "upload"). */
  public DirectoryAppCode uploaded(String digest, Path dir) {
    dirs.put(digest, dir);
    used.put(digest, clock.instant());
    return this;
  }

  @Override
  public long maxBytes() {
    return Long.MAX_VALUE;
  }

  @Override
  public boolean exists(String digest) {
    return dirs.containsKey(digest);
  }

  @Override
  public Path path(EnvironmentKey env, String digest) {
    Path dir = dirs.get(digest);
    return dir != null ? dir : Path.of("/nonexistent", digest.replace(':', '-'));
  }

  @Override
  public GitCode fromGit(String url, String ref, String specFile) {
    throw new ArtifactException(
        ArtifactException.Kind.NOT_FOUND,
        "this fake has no git: test git sources with LocalAppCode and a file:// repository");
  }

  @Override
  public void forget(String digest) {
    dirs.remove(digest);
    used.remove(digest);
  }

  @Override
  public Map<String, Instant> stored() {
    return Map.copyOf(used);
  }

  @Override
  public Path checkout(EnvironmentKey env, String digest) {
    Path dir = dirs.get(digest);
    if (dir == null) {
      throw new ArtifactException(ArtifactException.Kind.NOT_FOUND, "no artifact " + digest);
    }
    return dir;
  }
}
