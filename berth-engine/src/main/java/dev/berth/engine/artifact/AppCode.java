package dev.berth.engine.artifact;

import dev.berth.engine.store.EnvironmentKey;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * Where replicas' code comes from: artifacts (see {@link ArtifactStore}), unpacked once per
 * environment into a directory that never changes, which replicas run in. The user's own directory
 * is packed, never run from: editing a file there changes nothing that runs until the next apply.
 *
 * <p>Invariants: {@link #checkout} of one digest in one environment always returns the same
 * directory, complete (unpacked beside it, then renamed), so the same code gives the same replica
 * template and an unchanged re-apply replaces nothing; a directory returned is never modified by
 * Berth afterwards.
 */
public interface AppCode {
  /**
   * Packs a directory of the control plane's machine (honouring {@code .gitignore} and {@code
   * .berthignore}) into a stored artifact: what {@code berth apply} does on the client when the
   * request names a directory instead of an uploaded artifact. The spec file itself is left out
   * (the release keeps it), so a change of configuration alone is not new code.
   *
   * @param specFile the spec's path relative to {@code dir} ({@code berth.yaml})
   * @throws ArtifactException when it is too large, unreadable as an artifact, or the disk is full
   */
  Artifact pack(Path dir, String specFile);

  /**
   * A git repository's content at a ref, packed and stored like a directory's.
   *
   * @param artifact the stored code
   * @param commit the commit the ref resolved to
   * @param spec the text of {@code specFile} in the repository
   * @param procfile the text of the {@code Procfile} beside it, or {@code null}
   */
  record GitCode(Artifact artifact, String commit, String spec, String procfile) {}

  /**
   * Clones {@code url} at {@code ref} (a branch, tag or commit; empty for the default branch),
   * reads the spec from it and packs it (honouring its {@code .gitignore} and {@code
   * .berthignore}).
   *
   * @param specFile the spec's path in the repository ({@code berth.yaml})
   * @throws ArtifactException {@code NOT_FOUND} for a repository or ref that does not exist, or a
   *     spec missing from it; {@code TOO_LARGE}, {@code INVALID}, {@code NO_SPACE} as {@link #pack}
   */
  GitCode fromGit(String url, String ref, String specFile);

  /** The digest {@link #pack} would give {@code dir}, storing nothing (for dry runs). */
  String digest(Path dir, String specFile);

  /** The largest artifact stored (a build's output is refused above it too). */
  long maxBytes();

  /** Whether the artifact is stored (uploaded, or packed earlier). */
  boolean exists(String digest);

  /** Where {@link #checkout} puts {@code digest} for {@code env}, without unpacking anything. */
  Path path(EnvironmentKey env, String digest);

  /**
   * Deletes a stored artifact and every unpacked copy of it (retention); nothing happens if it is
   * not stored. The caller guarantees no release that may still run uses it.
   */
  void forget(String digest);

  /**
   * Every stored artifact with when it was last stored or claimed ({@link ArtifactStore#lastUsed}),
   * for retention to find those no release names.
   */
  Map<String, Instant> stored();

  /**
   * The directory replicas of {@code env} run {@code digest} from, unpacked on first use.
   *
   * @throws ArtifactException {@code NOT_FOUND} if the artifact is not stored, {@code NO_SPACE}
   */
  Path checkout(EnvironmentKey env, String digest);
}
