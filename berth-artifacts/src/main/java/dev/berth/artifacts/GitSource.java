package dev.berth.artifacts;

import dev.berth.artifacts.internal.TarEntries;
import dev.berth.engine.artifact.ArtifactException;
import dev.berth.engine.artifact.ArtifactException.Kind;
import dev.berth.engine.artifact.GitUrls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.transport.CredentialsProvider;

/**
 * Checks out a git URL at a ref with JGit, into a fresh temp directory, for {@link SourcePacker} to
 * pack. No {@code git} binary is needed.
 *
 * <p>The ref may be a branch, a tag, a full ref name ({@code refs/pull/7/head}), a commit id (full
 * or abbreviated, at least 7 hex digits) or empty for the remote's default branch. Branches, tags
 * and advertised commits are cloned shallow (depth 1); any other commit needs a full clone (a
 * server need not serve an arbitrary commit by id).
 *
 * <p>Invariant: {@link #checkout} either returns a checkout the caller owns (and deletes with
 * {@link Checkout#close()}) or throws having deleted everything it made.
 */
public final class GitSource {
  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{7,40}");

  static {
    // JGit measures a file system's timestamp resolution once, by writing probe files into the
    // first repository it opens there; in the background (its default) that can still be writing
    // while a failed checkout deletes its directory, leaving a directory behind. Measured in the
    // foreground it is done before the clone returns (once per file system and process).
    org.eclipse.jgit.util.FS.FileStoreAttributes.setBackground(false);
  }

  /**
   * A checked-out tree.
   *
   * @param dir the working tree (its {@code .git} is never packed)
   * @param commit the full commit id checked out
   */
  public record Checkout(Path dir, String commit) implements AutoCloseable {
    /** Deletes the checkout. */
    @Override
    public void close() {
      TarEntries.deleteTree(dir);
    }
  }

  private final Path workRoot;
  private final int timeoutSeconds;
  private final CredentialsProvider credentials;

  /**
   * @param workRoot where checkouts are made (a private directory of the data dir)
   * @param timeout the network timeout of each git operation
   */
  public GitSource(Path workRoot, Duration timeout) {
    this(workRoot, timeout, null);
  }

  /**
   * @param credentials answers an HTTPS server's request for a user name and password (see {@link
   *     NetrcCredentials}), or {@code null} to clone without
   */
  public GitSource(Path workRoot, Duration timeout, CredentialsProvider credentials) {
    this.workRoot = TarEntries.privateDir(workRoot);
    this.timeoutSeconds = (int) Math.max(1, timeout.toSeconds());
    this.credentials = credentials;
  }

  /**
   * Clones {@code url} and checks out {@code ref}.
   *
   * @throws ArtifactException {@code NOT_FOUND} if the repository does not exist or cannot be read,
   *     or has no such ref (the message lists some it has)
   */
  public Checkout checkout(String url, String ref) {
    Objects.requireNonNull(url, "url");
    String wanted = ref == null ? "" : ref.trim();
    Path dir = null;
    try {
      Map<String, Ref> remote = listRefs(url);
      dir = Files.createTempDirectory(workRoot, "git-");
      Optional<String> name = wanted.isEmpty() ? Optional.empty() : refName(remote, wanted);
      String commit;
      if (wanted.isEmpty() || name.isPresent()) {
        commit = shallow(url, name.orElse(null), dir);
      } else if (COMMIT.matcher(wanted).matches()) {
        commit = full(url, wanted, dir, remote);
      } else {
        throw missingRef(url, wanted, remote);
      }
      Checkout checkout = new Checkout(dir, commit);
      dir = null;
      return checkout;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot check out " + GitUrls.redacted(url) + ": " + GitUrls.redacted(e.getMessage()), e);
    } catch (GitAPIException e) {
      throw new IllegalStateException(
          "git failed for " + GitUrls.redacted(url) + ": " + GitUrls.redacted(e.getMessage()), e);
    } finally {
      if (dir != null) {
        TarEntries.deleteTree(dir);
      }
    }
  }

  private Map<String, Ref> listRefs(String url) throws GitAPIException {
    try {
      return Git.lsRemoteRepository()
          .setRemote(url)
          .setTimeout(timeoutSeconds)
          .setCredentialsProvider(credentials)
          .callAsMap();
    } catch (InvalidRemoteException | TransportException e) {
      throw new ArtifactException(
          Kind.NOT_FOUND,
          "git repository "
              + GitUrls.redacted(url)
              + " does not exist or cannot be read ("
              + GitUrls.redacted(e.getMessage())
              + "): check the URL; for a private repository over HTTPS, give the control plane"
              + " credentials in its netrc file ($NETRC or ~/.netrc: machine HOST login USER"
              + " password TOKEN)",
          e);
    }
  }

  /** The full name of {@code ref} among the remote's refs: as given, a branch, then a tag. */
  private static Optional<String> refName(Map<String, Ref> remote, String ref) {
    for (String candidate : List.of(ref, "refs/heads/" + ref, "refs/tags/" + ref)) {
      if (candidate.startsWith("refs/") && remote.containsKey(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private String shallow(String url, String refName, Path dir) throws GitAPIException, IOException {
    var clone =
        Git.cloneRepository()
            .setURI(url)
            .setDirectory(dir.toFile())
            .setDepth(1)
            .setNoTags()
            .setTimeout(timeoutSeconds)
            .setCredentialsProvider(credentials);
    if (refName != null) {
      clone.setBranch(refName).setBranchesToClone(List.of(refName));
    }
    try (Git git = clone.call()) {
      ObjectId head = git.getRepository().resolve("HEAD^{commit}");
      if (head == null) {
        throw new ArtifactException(
            Kind.NOT_FOUND,
            "git repository " + GitUrls.redacted(url) + " has no commits on its default branch");
      }
      return head.name();
    }
  }

  private String full(String url, String commit, Path dir, Map<String, Ref> remote)
      throws GitAPIException, IOException {
    for (Ref r : remote.values()) { // a commit a ref points at can still be cloned shallow
      ObjectId id = r.getPeeledObjectId() != null ? r.getPeeledObjectId() : r.getObjectId();
      if (id != null && id.name().startsWith(commit) && r.getName().startsWith("refs/")) {
        return shallow(url, r.getName(), dir);
      }
    }
    try (Git git =
        Git.cloneRepository()
            .setURI(url)
            .setDirectory(dir.toFile())
            .setCloneAllBranches(true)
            .setTimeout(timeoutSeconds)
            .setCredentialsProvider(credentials)
            .call()) {
      ObjectId id;
      try {
        id = git.getRepository().resolve(commit + "^{commit}");
      } catch (org.eclipse.jgit.errors.AmbiguousObjectException e) {
        throw new ArtifactException(
            Kind.NOT_FOUND,
            "commit '"
                + commit
                + "' is ambiguous in "
                + GitUrls.redacted(url)
                + ": give more hex digits",
            e);
      } catch (org.eclipse.jgit.errors.RevisionSyntaxException
          | org.eclipse.jgit.errors.IncorrectObjectTypeException e) {
        id = null;
      }
      if (id == null) {
        throw missingRef(url, commit, remote);
      }
      git.checkout().setName(id.name()).call();
      return id.name();
    }
  }

  private static ArtifactException missingRef(String url, String ref, Map<String, Ref> remote) {
    String branches = names(remote, "refs/heads/");
    String tags = names(remote, "refs/tags/");
    return new ArtifactException(
        Kind.NOT_FOUND,
        "git repository "
            + GitUrls.redacted(url)
            + " has no branch, tag or commit '"
            + ref
            + "'"
            + (branches.isEmpty() ? "; it has no branches" : "; branches: " + branches)
            + (tags.isEmpty() ? "" : "; tags: " + tags));
  }

  private static String names(Map<String, Ref> remote, String prefix) {
    List<String> names =
        remote.keySet().stream()
            .filter(n -> n.startsWith(prefix) && !n.endsWith("^{}"))
            .map(n -> n.substring(prefix.length()))
            .sorted()
            .toList();
    String shown = names.stream().limit(10).collect(Collectors.joining(", "));
    return names.size() > 10 ? shown + " (and " + (names.size() - 10) + " more)" : shown;
  }
}
