package dev.berth.engine.artifact;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Content-addressed storage of artifacts: tars of an app's code, named by their SHA-256.
 *
 * <p>Invariants every implementation keeps:
 *
 * <ul>
 *   <li>An artifact is either completely stored and validated, or absent: a failed or refused
 *       {@link #put} leaves nothing behind (no partial file, no temp file).
 *   <li>Stored artifacts never change; identical bytes are stored once.
 *   <li>Every stored tar is safe to unpack: relative paths without {@code ..}, only regular files,
 *       directories and symbolic links that stay inside the tree, no entry below a symbolic link.
 *   <li>{@link #unpack} produces the target directory completely or not at all.
 * </ul>
 *
 * Why: releases are immutable and replicas run from an unpacked artifact, so a half-written or
 * escaping artifact would be a release that cannot be trusted or rolled back to.
 */
public interface ArtifactStore {

  /**
   * Reads a tar stream to its end, validates it and stores it under its digest.
   *
   * @param tar an uncompressed tar stream; read to its end, not closed
   * @param maxBytes the largest accepted tar; reading stops at {@code maxBytes + 1}
   * @return the stored (or already present) artifact
   * @throws ArtifactException {@code TOO_LARGE}, {@code INVALID} or {@code NO_SPACE}
   */
  Artifact put(InputStream tar, long maxBytes);

  /** Whether an artifact with this digest is stored ({@code false} for a malformed digest). */
  boolean exists(String digest);

  /**
   * Unpacks an artifact into {@code target}, which must not exist yet; its parent must. The tree
   * appears at once (it is unpacked beside it, then renamed) or not at all.
   *
   * @throws ArtifactException {@code NOT_FOUND} if no such artifact is stored, {@code NO_SPACE}
   * @throws IllegalStateException if {@code target} already exists
   */
  void unpack(String digest, Path target);

  /** Deletes an artifact; {@code false} if it was not stored. Unpacked copies are not touched. */
  boolean delete(String digest);

  /** Every stored artifact, ordered by digest. */
  List<Artifact> list();

  /**
   * When the artifact was last stored (a {@link #put} of its bytes, new or not) or {@link
   * #claim}ed; empty when it is not stored. Retention spares what was used recently: an upload
   * waits for the apply that names it.
   */
  Optional<Instant> lastUsed(String digest);

  /**
   * Whether the artifact is stored, marking it used now when it is: what a client asks before
   * skipping an upload, so the artifact it counts on is not deleted as unused before its apply.
   */
  boolean claim(String digest);
}
