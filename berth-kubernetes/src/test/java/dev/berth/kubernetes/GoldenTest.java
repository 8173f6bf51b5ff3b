package dev.berth.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rendering of one spec per service type, compared with the reviewed manifests in
 * src/test/resources/golden. After an intended change, regenerate them with {@code
 * -Dberth.updateGolden=true} and review the diff.
 */
class GoldenTest {

  @ParameterizedTest
  @ValueSource(strings = {"web", "worker", "release", "cron", "autoscale", "autoscale-hpa"})
  void rendersAsReviewed(String name) throws IOException {
    String actual = Fixtures.yaml(Fixtures.render(name));
    Path golden = Path.of("src/test/resources/golden", name + ".yaml");
    if (Boolean.getBoolean("berth.updateGolden")) {
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
    }
    assertThat(actual).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
  }
}
