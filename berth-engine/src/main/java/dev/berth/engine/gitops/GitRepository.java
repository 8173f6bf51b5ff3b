package dev.berth.engine.gitops;

import dev.berth.engine.artifact.AppCode;

/**
 * The port to remote git repositories the sync needs: the head of a branch, and the content of a
 * commit packed as an artifact. The real one is JGit ({@code berth-artifacts}); tests use a fake
 * with commits made in memory, or the real one against a {@code file://} repository.
 */
public interface GitRepository {
  /**
   * A commit.
   *
   * @param commit the full commit id
   * @param message the first line of its message
   */
  record Head(String commit, String message) {}

  /**
   * The commit {@code branch} points at now (a branch name, or a full ref such as {@code
   * refs/pull/7/head}).
   *
   * @throws dev.berth.engine.artifact.ArtifactException {@code NOT_FOUND} when the repository
   *     cannot be reached or read, or has no such branch
   */
  Head head(String url, String branch);

  /**
   * The repository's content at {@code commit}, packed and stored, with the spec at {@code path}.
   *
   * @throws dev.berth.engine.artifact.ArtifactException as {@link AppCode#fromGit}
   */
  AppCode.GitCode checkout(String url, String commit, String path);
}
