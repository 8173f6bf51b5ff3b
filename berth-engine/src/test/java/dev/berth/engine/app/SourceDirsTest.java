package dev.berth.engine.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which directories may be a source directory: an app's own, never a system one. */
class SourceDirsTest {
  @TempDir Path tmp;

  @Test
  void anAppsOwnDirectoryIsFine() throws Exception {
    Path app = Files.createDirectories(tmp.resolve("shop"));
    assertThat(SourceDirs.problem(app.toString())).isEmpty();
    assertThat(SourceDirs.problem(app + "/../shop")).isEmpty();
    assertThat(SourceDirs.systemDirectory(Path.of("/home/me/app"), Path.of("/home/me/app")))
        .isEmpty();
    assertThat(SourceDirs.systemDirectory(Path.of("/srv/app"), Path.of("/srv/app"))).isEmpty();
    assertThat(SourceDirs.systemDirectory(Path.of("/opt/x"), Path.of("/opt/x"))).isEmpty();
  }

  @Test
  void aPathThatIsNoPathIsRefusedWithoutAnException() {
    assertThat(SourceDirs.problem(tmp + "/a\u0000b"))
        .hasValueSatisfying(m -> assertThat(m).contains("NUL"));
    assertThat(SourceDirs.problem("relative/dir"))
        .hasValueSatisfying(m -> assertThat(m).contains("absolute"));
    assertThat(SourceDirs.problem("")).isPresent();
    assertThat(SourceDirs.problem(null)).isPresent();
    assertThat(SourceDirs.problem(tmp.resolve("missing").toString()))
        .hasValueSatisfying(m -> assertThat(m).contains("does not exist"));
  }

  @Test
  void systemDirectoriesAndWhatResolvesIntoThemAreRefused() throws Exception {
    Path link = Files.createSymbolicLink(tmp.resolve("conf"), Path.of("/etc"));
    for (String dir :
        List.of(
            "/",
            "/proc",
            "/proc/self",
            "/proc/self/cwd",
            "/sys",
            "/sys/kernel",
            "/dev",
            "/etc",
            "/usr",
            "/usr/lib",
            "/bin",
            "/var",
            "/tmp",
            "/home",
            "/tmp/../etc",
            link.toString())) {
      assertThat(SourceDirs.problem(dir))
          .as(dir)
          .hasValueSatisfying(m -> assertThat(m).contains("is a system directory"));
    }
    assertThat(SourceDirs.problem(link.toString()))
        .hasValueSatisfying(m -> assertThat(m).contains("(which is /etc)"));
    // refused whether or not it exists: the decision is on the path
    assertThat(SourceDirs.problem("/proc/no-such-thing"))
        .hasValueSatisfying(m -> assertThat(m).contains("/proc"));
  }
}
