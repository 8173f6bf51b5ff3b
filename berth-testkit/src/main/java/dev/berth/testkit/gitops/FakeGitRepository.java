package dev.berth.testkit.gitops;

import dev.berth.engine.artifact.AppCode;
import dev.berth.engine.artifact.ArtifactException;
import dev.berth.engine.gitops.GitRepository;
import dev.berth.testkit.artifact.DirectoryAppCode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link GitRepository} in memory for engine tests: branches point at commits the test makes
 * ({@link #commit}), each holding a spec text and a directory packed with the harness's {@link
 * DirectoryAppCode}; {@link #unreachable} makes every call fail as a lost network would. Counts
 * {@link #heads()} so a test can prove the schedule does not look more than it should.
 */
public final class FakeGitRepository implements GitRepository {
  private record Commit(String message, String spec, Path dir) {}

  private final DirectoryAppCode code;
  private final Map<String, String> branches = new HashMap<>();
  private final Map<String, Commit> commits = new HashMap<>();
  private final AtomicInteger counter = new AtomicInteger();
  private final AtomicInteger heads = new AtomicInteger();
  private volatile boolean unreachable;

  public FakeGitRepository(DirectoryAppCode code) {
    this.code = code;
  }

  /** Points {@code branch} at a new commit (a push, or a force-push: history is not checked). */
  public synchronized String commit(String branch, String message, String spec, Path dir) {
    String id = HexFormat.of().toHexDigits(counter.incrementAndGet()).repeat(5);
    commits.put(id, new Commit(message, spec, dir));
    branches.put(branch, id);
    return id;
  }

  /** Whether every call fails as for a repository that cannot be reached. */
  public void unreachable(boolean u) {
    unreachable = u;
  }

  /** How many times a head was asked for. */
  public int heads() {
    return heads.get();
  }

  @Override
  public synchronized Head head(String url, String branch) {
    heads.incrementAndGet();
    check(url);
    String id = branches.get(branch);
    if (id == null) {
      throw new ArtifactException(ArtifactException.Kind.NOT_FOUND, "no branch '" + branch + "'");
    }
    return new Head(id, commits.get(id).message());
  }

  @Override
  public synchronized AppCode.GitCode checkout(String url, String commit, String path) {
    check(url);
    Commit c = commits.get(commit);
    if (c == null) {
      throw new ArtifactException(ArtifactException.Kind.NOT_FOUND, "no commit " + commit);
    }
    return new AppCode.GitCode(code.pack(c.dir(), path), commit, c.spec(), null);
  }

  private void check(String url) {
    if (unreachable) {
      throw new ArtifactException(
          ArtifactException.Kind.NOT_FOUND, "git repository " + url + " cannot be reached");
    }
  }
}
