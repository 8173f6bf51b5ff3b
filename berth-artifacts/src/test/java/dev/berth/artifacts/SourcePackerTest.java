package dev.berth.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.artifact.Artifact;
import dev.berth.engine.artifact.ArtifactException;
import dev.berth.engine.artifact.ArtifactException.Kind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourcePackerTest {
  @TempDir Path tmp;

  private static byte[] pack(SourcePacker packer, Path dir) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    packer.pack(dir, out, SourcePacker.Progress.NONE);
    return out.toByteArray();
  }

  @Test
  void theSpecLeftOutMakesAConfigurationChangeTheSameCode() throws Exception {
    Path app = Files.createDirectories(tmp.resolve("spec-app"));
    Files.writeString(app.resolve("web.py"), "print('hi')\n");
    Files.writeString(app.resolve("berth.yaml"), "project: a\n");
    SourcePacker packer = LocalAppCode.packer("berth.yaml");
    String before = packer.digest(app).digest();

    Files.writeString(app.resolve("berth.yaml"), "project: a\n# LOG_LEVEL changed\n");
    assertThat(packer.digest(app).digest()).isEqualTo(before);
    assertThat(SourcePacker.withIgnoreRules().digest(app).digest())
        .as("without the exclusion the spec is code")
        .isNotEqualTo(before);
    Files.writeString(app.resolve("web.py"), "print('hello')\n");
    assertThat(packer.digest(app).digest()).isNotEqualTo(before);
  }

  @Test
  void honoursGitignoreAtEveryLevelInfoExcludeAndBerthignore() throws Exception {
    Path app = tmp.resolve("app");
    Trees.write(
        app,
        Map.ofEntries(
            Map.entry(".gitignore", "*.log\nbuild/\n!keep.log\n"),
            Map.entry(".berthignore", "docs/\n!build/\n"),
            Map.entry(".git/info/exclude", "local.env\n"),
            Map.entry(".git/HEAD", "ref: refs/heads/main\n"),
            Map.entry("app.js", "js"),
            Map.entry("a.log", "ignored by the root .gitignore"),
            Map.entry("keep.log", "re-included by !keep.log"),
            Map.entry("build/out.js", "re-included by .berthignore"),
            Map.entry("local.env", "excluded by .git/info/exclude"),
            Map.entry("docs/readme.md", "excluded by .berthignore"),
            Map.entry("sub/.gitignore", "secret.txt\n!important.log\n"),
            Map.entry("sub/secret.txt", "excluded by sub/.gitignore"),
            Map.entry("sub/important.log", "re-included by sub/.gitignore"),
            Map.entry("sub/x.log", "excluded by the root .gitignore"),
            Map.entry("sub/mod/.git", "gitdir: ../../.git/modules/mod\n"),
            Map.entry("sub/mod/m.txt", "m")));

    assertThat(Trees.names(pack(SourcePacker.withIgnoreRules(), app)))
        .containsExactly(
            ".berthignore",
            ".gitignore",
            "app.js",
            "build/",
            "build/out.js",
            "keep.log",
            "sub/",
            "sub/.gitignore",
            "sub/important.log",
            "sub/mod/",
            "sub/mod/m.txt");
  }

  @Test
  void anAppInsideARepositoryHonoursTheGitignoresAboveItAndTheRepositorysExclude() {
    Path repo = tmp.resolve("monorepo");
    Trees.write(
        repo,
        Map.ofEntries(
            Map.entry(".git/HEAD", "ref: refs/heads/main\n"),
            Map.entry(".git/info/exclude", "services/api/local.txt\n"),
            Map.entry(".gitignore", "node_modules/\n.env\n*.log\n/services/api/generated/\n"),
            Map.entry("services/.gitignore", "build/\n"),
            Map.entry("services/api/.berthignore", "!keep.log\n"),
            Map.entry("services/api/index.js", "i"),
            Map.entry("services/api/.env", "SECRET=1"),
            Map.entry("services/api/node_modules/dep.js", "d"),
            Map.entry("services/api/debug.log", "l"),
            Map.entry("services/api/keep.log", "re-included by .berthignore"),
            Map.entry("services/api/build/out.js", "o"),
            Map.entry("services/api/generated/x.js", "anchored at the repository root"),
            Map.entry("services/api/local.txt", "excluded by the repository's info/exclude")));

    assertThat(Trees.names(pack(SourcePacker.withIgnoreRules(), repo.resolve("services/api"))))
        .containsExactly(".berthignore", "index.js", "keep.log");
  }

  @Test
  void anIgnoredDirectoryIsNotEnteredSoNothingBelowComesBack() {
    Path app = tmp.resolve("app");
    Trees.write(
        app,
        Map.of(
            ".gitignore", "node_modules/\n!node_modules/keep.js\n",
            "node_modules/keep.js", "k",
            "index.js", "i"));
    assertThat(Trees.names(pack(SourcePacker.withIgnoreRules(), app)))
        .containsExactly(".gitignore", "index.js");
  }

  @Test
  void everythingKeepsIgnoredFilesButNeverGit() {
    Path app = tmp.resolve("app");
    Trees.write(app, Map.of(".gitignore", "*.o\n", "a.o", "obj", ".git/HEAD", "x"));
    assertThat(Trees.names(pack(SourcePacker.everything(), app)))
        .containsExactly(".gitignore", "a.o");
  }

  @Test
  void writesNoOwnerTimeOrUmaskIntoTheTar() throws Exception {
    Path app = tmp.resolve("app");
    Trees.write(app, Map.of("run.sh", "x: echo", "lib/a.txt", "a"));
    Files.setPosixFilePermissions(
        app.resolve("lib/a.txt"),
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));

    List<TarArchiveEntry> entries = Trees.entries(pack(SourcePacker.withIgnoreRules(), app));

    assertThat(entries)
        .allSatisfy(
            e -> {
              assertThat(e.getModTime().toInstant()).isEqualTo(SourcePacker.MTIME);
              assertThat(e.getLongUserId()).isZero();
              assertThat(e.getLongGroupId()).isZero();
              assertThat(e.getUserName()).isEmpty();
              assertThat(e.getGroupName()).isEmpty();
            });
    assertThat(entries)
        .extracting(TarArchiveEntry::getName, e -> Integer.toOctalString(e.getMode()))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("lib/", "40755"),
            org.assertj.core.groups.Tuple.tuple("lib/a.txt", "100644"),
            org.assertj.core.groups.Tuple.tuple("run.sh", "100755"));
  }

  @Test
  void longNamesDoNotCarryTheUserName() {
    Path app = tmp.resolve("app");
    String deep = "d".repeat(60) + "/" + "e".repeat(60) + "/file.txt";
    Trees.write(app, Map.of(deep, "x"));
    String before = System.getProperty("user.name");
    try {
      System.setProperty("user.name", "alice");
      Artifact a = SourcePacker.withIgnoreRules().digest(app);
      System.setProperty("user.name", "bob");
      Artifact b = SourcePacker.withIgnoreRules().digest(app);
      assertThat(a).isEqualTo(b);
      assertThat(Trees.names(pack(SourcePacker.withIgnoreRules(), app))).contains(deep);
    } finally {
      System.setProperty("user.name", before);
    }
  }

  @Test
  void keepsLinksInsideTheTreeAndRefusesOthers() throws Exception {
    Path app = tmp.resolve("app");
    Trees.write(app, Map.of("conf/app.yml", "a"));
    Files.createSymbolicLink(app.resolve("current.yml"), Path.of("conf/app.yml"));
    assertThat(Trees.names(pack(SourcePacker.withIgnoreRules(), app))).contains("current.yml");

    Files.createSymbolicLink(app.resolve("passwd"), Path.of("/etc/passwd"));
    assertThatThrownBy(() -> SourcePacker.withIgnoreRules().digest(app))
        .isInstanceOfSatisfying(
            ArtifactException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID))
        .hasMessageContaining("'passwd'")
        .hasMessageContaining(".berthignore");

    Files.writeString(app.resolve(".berthignore"), "passwd\n");
    assertThat(Trees.names(pack(SourcePacker.withIgnoreRules(), app))).doesNotContain("passwd");
  }

  @Test
  void refusesAFifo() throws Exception {
    Path app = tmp.resolve("app");
    Files.createDirectories(app);
    Process p = new ProcessBuilder("mkfifo", app.resolve("pipe").toString()).start();
    assertThat(p.waitFor()).isZero();
    assertThatThrownBy(() -> SourcePacker.withIgnoreRules().digest(app))
        .isInstanceOfSatisfying(
            ArtifactException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID))
        .hasMessageContaining("'pipe'")
        .hasMessageContaining(".berthignore");
  }

  @Test
  void reportsProgressAndTheDigestTheStoreWillGive() {
    Path app = tmp.resolve("app");
    Trees.write(app, Map.of("a", "1".repeat(3000), "b/c", "2", "d", "3"));
    List<long[]> updates = new ArrayList<>();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AtomicBoolean closed = new AtomicBoolean();
    Artifact packed =
        SourcePacker.withIgnoreRules()
            .pack(
                app,
                new FilterOutputStream(out) {
                  @Override
                  public void close() {
                    closed.set(true);
                  }
                },
                (bytes, files) -> updates.add(new long[] {bytes, files}));

    assertThat(closed).isFalse();
    assertThat(updates).isNotEmpty();
    for (int i = 1; i < updates.size(); i++) {
      assertThat(updates.get(i)[0]).isGreaterThanOrEqualTo(updates.get(i - 1)[0]);
      assertThat(updates.get(i)[1]).isGreaterThanOrEqualTo(updates.get(i - 1)[1]);
    }
    assertThat(updates.get(updates.size() - 1)).containsExactly(packed.size(), 3);
    assertThat(packed.size()).isEqualTo(out.size());
    assertThat(SourcePacker.withIgnoreRules().digest(app)).isEqualTo(packed);

    FileArtifactStore store = new FileArtifactStore(tmp.resolve("store"));
    assertThat(store.put(new ByteArrayInputStream(out.toByteArray()), 1 << 20)).isEqualTo(packed);
  }
}
