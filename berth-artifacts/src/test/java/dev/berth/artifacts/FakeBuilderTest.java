package dev.berth.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.artifact.Artifact;
import dev.berth.engine.artifact.BuildRequest;
import dev.berth.engine.artifact.BuildResult.Status;
import dev.berth.testkit.artifact.FakeBuilder;
import dev.berth.testkit.artifact.InMemoryArtifactStore;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FakeBuilderTest {
  @Test
  void scriptsOutcomesAndPrintsLines() {
    InMemoryArtifactStore store = new InMemoryArtifactStore();
    Artifact source =
        store.put(new ByteArrayInputStream(Tars.tar().file("a", "1").bytes()), 1 << 20);
    FakeBuilder builder = new FakeBuilder(store).printing("npm ci").failNext(2).timeOutNext();
    BuildRequest req =
        new BuildRequest("b", source.digest(), "npm ci", Duration.ofMinutes(1), Map.of(), 1 << 20);
    List<String> out = new ArrayList<>();

    assertThat(builder.build(req, out::add).exitCode()).isEqualTo(2);
    assertThat(builder.build(req, out::add).status()).isEqualTo(Status.TIMED_OUT);
    assertThat(builder.build(req, out::add).artifact()).isEqualTo(source);
    assertThat(out).containsExactly("npm ci", "npm ci", "npm ci");
    assertThat(builder.requests()).hasSize(3);
  }
}
