package dev.berth.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.artifact.ArtifactException;
import dev.berth.engine.artifact.ArtifactException.Kind;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against real repositories made by the test with JGit, over file:// URLs. */
class GitSourceTest {
  @TempDir Path tmp;
  private String url;
  private RevCommit first;
  private RevCommit middle;
  private RevCommit last;
  private GitSource git;

  @BeforeEach
  void makeRepository() throws Exception {
    Path repo = tmp.resolve("origin");
    try (Git g = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
      first = commit(g, repo, "v1");
      g.tag().setName("v1").setAnnotated(true).setMessage("first").setTagger(ident()).call();
      g.tag().setName("light").setAnnotated(false).call();
      middle = commit(g, repo, "v2");
      last = commit(g, repo, "v3");
      g.branchCreate().setName("feature").setStartPoint(first).call();
    }
    url = repo.toUri().toString();
    git = new GitSource(tmp.resolve("work"), Duration.ofSeconds(30));
  }

  private static PersonIdent ident() {
    return new PersonIdent("Test", "test@example.com");
  }

  private static RevCommit commit(Git g, Path repo, String content) throws Exception {
    Files.writeString(repo.resolve("app.txt"), content);
    Files.writeString(repo.resolve(".gitignore"), "*.log\n");
    g.add().addFilepattern(".").call();
    return g.commit().setMessage(content).setAuthor(ident()).setCommitter(ident()).call();
  }

  @Test
  void checksOutABranchShallow() throws Exception {
    try (GitSource.Checkout c = git.checkout(url, "main")) {
      assertThat(c.commit()).isEqualTo(last.name());
      assertThat(c.dir().resolve("app.txt")).hasContent("v3");
      assertThat(c.dir().resolve(".git/shallow")).exists();
    }
  }

  @Test
  void checksOutTagsAndTheDefaultBranch() {
    try (GitSource.Checkout c = git.checkout(url, "v1")) {
      assertThat(c.commit()).isEqualTo(first.name());
      assertThat(c.dir().resolve("app.txt")).hasContent("v1");
    }
    try (GitSource.Checkout c = git.checkout(url, "refs/tags/light")) {
      assertThat(c.commit()).isEqualTo(first.name());
    }
    try (GitSource.Checkout c = git.checkout(url, "")) {
      assertThat(c.commit()).isEqualTo(last.name());
    }
    try (GitSource.Checkout c = git.checkout(url, "feature")) {
      assertThat(c.dir().resolve("app.txt")).hasContent("v1");
    }
  }

  @Test
  void checksOutACommitNoRefPointsAt() {
    try (GitSource.Checkout c = git.checkout(url, middle.name().substring(0, 10))) {
      assertThat(c.commit()).isEqualTo(middle.name());
      assertThat(c.dir().resolve("app.txt")).hasContent("v2");
    }
  }

  @Test
  void theCheckoutPacksWithoutGitAndCloseRemovesIt() {
    Path dir;
    try (GitSource.Checkout c = git.checkout(url, "main")) {
      dir = c.dir();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      SourcePacker.withIgnoreRules().pack(c.dir(), out, SourcePacker.Progress.NONE);
      assertThat(Trees.names(out.toByteArray())).containsExactly(".gitignore", "app.txt");
    }
    assertThat(dir).doesNotExist();
  }

  @Test
  void aRepositoryThatDoesNotExistIsNotFound() {
    String missing = tmp.resolve("nowhere").toUri().toString();
    assertThatThrownBy(() -> git.checkout(missing, "main"))
        .isInstanceOfSatisfying(
            ArtifactException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND))
        .hasMessageContaining(missing)
        .hasMessageContaining("does not exist");
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void aMissingRefIsNotFoundAndListsWhatExists() {
    assertThatThrownBy(() -> git.checkout(url, "release-2"))
        .isInstanceOfSatisfying(
            ArtifactException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND))
        .hasMessageContaining("'release-2'")
        .hasMessageContaining("branches: feature, main")
        .hasMessageContaining("tags: light, v1");
    assertThatThrownBy(() -> git.checkout(url, "deadbeef00"))
        .isInstanceOfSatisfying(
            ArtifactException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND))
        .hasMessageContaining("'deadbeef00'");
    assertThat(leftovers()).isEmpty();
  }

  private java.util.List<Path> leftovers() {
    try (Stream<Path> s = Files.list(tmp.resolve("work"))) {
      return s.toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
