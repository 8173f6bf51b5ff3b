package dev.berth.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The complete examples in docs/spec.md parse, so the reference cannot rot. */
class DocsExamplesTest {

  private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL);

  @Test
  void everyCompleteExampleInTheReferenceParses() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "spec.md"));
    List<String> complete = new ArrayList<>();
    Matcher m = YAML_BLOCK.matcher(doc);
    while (m.find()) {
      if (m.group(1).contains("\nservices:\n") || m.group(1).startsWith("project:")) {
        complete.add(m.group(1));
      }
    }

    assertThat(complete).hasSizeGreaterThanOrEqualTo(2);
    for (String yaml : complete) {
      boolean meantToFail = yaml.contains("replica: 2");
      try {
        SpecParser.parse(new SpecSource("berth.yaml", yaml, "web: ./server\n"));
        assertThat(meantToFail).as("expected problems for:\n%s", yaml).isFalse();
      } catch (SpecException e) {
        assertThat(meantToFail).as("%s\nin:\n%s", e.getMessage(), yaml).isTrue();
      }
    }
  }
}
