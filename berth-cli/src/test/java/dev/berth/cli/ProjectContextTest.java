package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProjectContextTest {
  @ParameterizedTest
  @CsvSource(
      delimiterString = " => ",
      value = {
        "project: lms => lms",
        "project:lms => lms",
        "project: \"lms\" => lms",
        "project: 'my-app'   # the name => my-app",
        "project: lms # comment => lms"
      })
  void readsTheTopLevelProjectLine(String line, String name) {
    assertThat(ProjectContext.parseLine(line)).contains(name);
  }

  @Test
  void ignoresIndentedAndOtherKeys() {
    assertThat(ProjectContext.parseLine("  project: nested")).isEmpty();
    assertThat(ProjectContext.parseLine("projects: x")).isEmpty();
    assertThat(ProjectContext.parseLine("project:")).isEmpty();
  }

  @Test
  void explicitWinsAndAFileIsReadOtherwise(@TempDir Path dir) throws Exception {
    assertThat(ProjectContext.detect(null, dir)).isEmpty();
    Files.writeString(
        dir.resolve("berth.yaml"), "# my app\nversion: 1\nproject: shop\nservices: {}\n");
    assertThat(ProjectContext.detect(null, dir)).contains("shop");
    assertThat(ProjectContext.detect("other", dir)).contains("other");
  }
}
