package dev.berth.artifacts;

import dev.berth.engine.artifact.AppCode;
import dev.berth.engine.artifact.Artifact;
import dev.berth.engine.artifact.ArtifactException;
import dev.berth.engine.artifact.ArtifactStore;
import dev.berth.engine.store.EnvironmentKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;

/**
 * {@link AppCode} on this machine: artifacts in an {@link ArtifactStore}, unpacked under {@code
 * <root>/<project>/<environment>/<first 16 hex digits of the digest>}.
 *
 * <p>Checkouts of one directory are serialized (a lock per store), so two applies of the same code
 * never unpack it twice; a checkout that exists is returned as is (the store's unpack is atomic, so
 * an existing directory is complete).
 */
public final class LocalAppCode implements AppCode {
  private final ArtifactStore store;
  private final Path root;
  private final long maxBytes;
  private final GitSource git;

  /**
   * @param root where checkouts go ({@code <data-dir>/apps})
   * @param maxBytes the largest artifact {@link #pack} stores
   * @param git clones git sources (its work root must be private to this store)
   */
  public LocalAppCode(ArtifactStore store, Path root, long maxBytes, GitSource git) {
    this.store = store;
    this.root = root;
    this.maxBytes = maxBytes;
    this.git = git;
  }

  @Override
  public GitCode fromGit(String url, String ref, String specFile) {
    try (GitSource.Checkout c = git.checkout(url, ref == null ? "" : ref)) {
      Path spec = c.dir().resolve(specFile).normalize();
      if (!spec.startsWith(c.dir()) || !Files.isRegularFile(spec)) {
        throw new ArtifactException(
            ArtifactException.Kind.NOT_FOUND,
            "no "
                + specFile
                + " in "
                + dev.berth.engine.artifact.GitUrls.redacted(url)
                + (ref == null || ref.isEmpty() ? "" : " at " + ref)
                + " (commit "
                + c.commit()
                + "): add one, or name it with -f");
      }
      Path procfile = spec.resolveSibling("Procfile");
      String specText = Files.readString(spec, java.nio.charset.StandardCharsets.UTF_8);
      String procText =
          Files.isRegularFile(procfile)
              ? Files.readString(procfile, java.nio.charset.StandardCharsets.UTF_8)
              : null;
      Artifact a =
          packer(spec.getFileName().toString())
              .packInto(store, spec.getParent(), maxBytes, SourcePacker.Progress.NONE);
      return new GitCode(a, c.commit(), specText, procText);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the checkout of " + dev.berth.engine.artifact.GitUrls.redacted(url), e);
    }
  }

  @Override
  public Artifact pack(Path dir, String specFile) {
    return packer(specFile).packInto(store, dir, maxBytes, SourcePacker.Progress.NONE);
  }

  @Override
  public String digest(Path dir, String specFile) {
    return packer(specFile).digest(dir).digest();
  }

  /** The app's packer, leaving the spec out (see {@link AppCode#pack}). */
  public static SourcePacker packer(String specFile) {
    return SourcePacker.withIgnoreRules().excluding(java.util.List.of(specFile));
  }

  @Override
  public Path path(EnvironmentKey env, String digest) {
    Artifact.requireDigest(digest);
    return root.resolve(env.project()).resolve(env.environment()).resolve(shortHex(digest));
  }

  @Override
  public long maxBytes() {
    return maxBytes;
  }

  @Override
  public boolean exists(String digest) {
    return store.exists(digest);
  }

  @Override
  public synchronized void forget(String digest) {
    Artifact.requireDigest(digest);
    String hex = shortHex(digest);
    try (var projects = Files.list(root)) {
      for (Path project : projects.toList()) {
        try (var envs = Files.list(project)) {
          for (Path env : envs.toList()) {
            Path dir = env.resolve(hex);
            if (Files.isDirectory(dir)) {
              dev.berth.artifacts.internal.TarEntries.deleteTree(dir);
            }
          }
        }
      }
    } catch (java.nio.file.NoSuchFileException e) {
      // nothing unpacked yet
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the checkouts of " + digest, e);
    }
    store.delete(digest);
  }

  @Override
  public Map<String, Instant> stored() {
    Map<String, Instant> out = new java.util.TreeMap<>();
    for (Artifact a : store.list()) {
      store.lastUsed(a.digest()).ifPresent(t -> out.put(a.digest(), t));
    }
    return out;
  }

  @Override
  public synchronized Path checkout(EnvironmentKey env, String digest) {
    Path dir = path(env, digest);
    if (Files.isDirectory(dir)) {
      return dir;
    }
    if (!store.exists(digest)) {
      throw new ArtifactException(
          ArtifactException.Kind.NOT_FOUND,
          "artifact " + digest + " is not stored; upload it again with berth apply");
    }
    try {
      Files.createDirectories(
          dir.getParent(),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir.getParent(), e);
    }
    store.unpack(digest, dir);
    return dir;
  }

  private static String shortHex(String digest) {
    return digest.substring(digest.indexOf(':') + 1, digest.indexOf(':') + 17);
  }
}
