package dev.berth.artifacts;

import dev.berth.engine.artifact.AppCode;
import dev.berth.engine.artifact.ArtifactException;
import dev.berth.engine.artifact.ArtifactException.Kind;
import dev.berth.engine.artifact.GitUrls;
import dev.berth.engine.gitops.GitRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RefSpec;

/**
 * {@link GitRepository} on JGit: the head of a branch by {@code ls-remote} (one round trip, no
 * objects), its message by a shallow fetch of that one commit into a scratch repository (only when
 * the head is new to this process), and the content through {@link AppCode#fromGit}, which clones
 * at the commit and packs it as {@code berth apply --git} does.
 *
 * <p>Invariant: no URL credential reaches a message (every error goes through {@link GitUrls}).
 */
public final class JGitRepository implements GitRepository {
  private final AppCode code;
  private final Path workRoot;
  private final int timeoutSeconds;
  private final CredentialsProvider credentials;
  private final Map<String, String> messages = new ConcurrentHashMap<>();

  /**
   * @param workRoot where scratch repositories are made (deleted after each fetch)
   * @param credentials netrc credentials ({@link NetrcCredentials}), or null
   */
  public JGitRepository(
      AppCode code, Path workRoot, Duration timeout, CredentialsProvider credentials) {
    this.code = code;
    this.workRoot = workRoot;
    this.timeoutSeconds = (int) Math.max(1, timeout.toSeconds());
    this.credentials = credentials;
  }

  @Override
  public Head head(String url, String branch) {
    String ref = branch.startsWith("refs/") ? branch : "refs/heads/" + branch;
    Collection<Ref> refs;
    try {
      refs =
          Git.lsRemoteRepository()
              .setRemote(url)
              .setTimeout(timeoutSeconds)
              .setCredentialsProvider(credentials)
              .call();
    } catch (GitAPIException | RuntimeException e) {
      throw new ArtifactException(
          Kind.NOT_FOUND,
          "git repository "
              + GitUrls.redacted(url)
              + " cannot be reached or read ("
              + GitUrls.redacted(String.valueOf(e.getMessage()))
              + "); check the URL and, for a private repository, the control plane's netrc",
          e);
    }
    for (Ref r : refs) {
      if (r.getName().equals(ref) && r.getObjectId() != null) {
        String commit = r.getObjectId().name();
        return new Head(commit, messages.computeIfAbsent(commit, c -> message(url, ref, c)));
      }
    }
    throw new ArtifactException(
        Kind.NOT_FOUND,
        "git repository " + GitUrls.redacted(url) + " has no branch '" + branch + "'");
  }

  @Override
  public AppCode.GitCode checkout(String url, String commit, String path) {
    return code.fromGit(url, commit, path);
  }

  /** The first line of the commit's message, fetched shallow; empty if it cannot be read. */
  private String message(String url, String ref, String commit) {
    Path dir = null;
    try {
      Files.createDirectories(workRoot);
      dir = Files.createTempDirectory(workRoot, "head-");
      try (Git git = Git.init().setBare(true).setDirectory(dir.toFile()).call()) {
        git.fetch()
            .setRemote(url)
            .setRefSpecs(List.of(new RefSpec(ref + ":refs/berth/head")))
            .setDepth(1)
            .setTimeout(timeoutSeconds)
            .setCredentialsProvider(credentials)
            .call();
        try (RevWalk walk = new RevWalk(git.getRepository())) {
          RevCommit c = walk.parseCommit(ObjectId.fromString(commit));
          return c.getShortMessage();
        }
      }
    } catch (IOException | GitAPIException | RuntimeException e) {
      return ""; // the message is informative only: the sync goes on without it
    } finally {
      if (dir != null) {
        dev.berth.artifacts.internal.TarEntries.deleteTree(dir);
      }
    }
  }
}
