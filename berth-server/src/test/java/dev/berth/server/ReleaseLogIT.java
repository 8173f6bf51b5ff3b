package dev.berth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET .../releases/vN/log} ({@code berth logs --release vN}): the release command's output,
 * from a real process, its last lines as asked.
 */
class ReleaseLogIT {
  static final String ENV = "/api/v1/projects/migrated/environments/production";

  @TempDir Path tmp;
  Path app;
  RunningControlPlane api;

  @BeforeEach
  void start() throws Exception {
    app = Files.createDirectories(tmp.resolve("app"));
    api = new RunningControlPlane(tmp);
  }

  @AfterEach
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  @Test
  void theReleaseCommandsOutputIsReadBackFromItsEnd() throws Exception {
    String spec =
        """
        project: migrated
        services:
          worker:
            type: worker
            command: sleep 600
        release:
          command: for i in $(seq 1 500); do echo "migration $i"; done; echo done >&2
        """;
    api.json("POST", "/api/v1/apply", Map.of("spec", spec, "sourceDir", app.toString()));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> api.json("GET", ENV, null).path("latest").path("status").asText().equals("live"));

    JsonNode log = api.json("GET", ENV + "/releases/v1/log?lines=3", null);
    assertThat(log.path("release").asText()).isEqualTo("v1");
    assertThat(log.path("phase").asText()).isEqualTo("succeeded");
    List<String> lines = new ArrayList<>();
    log.path("lines").forEach(l -> lines.add(l.asText()));
    assertThat(lines).containsExactly("migration 499", "migration 500", "done");
    assertThat(api.json("GET", ENV + "/releases/v1/log", null).path("lines")).hasSize(200);

    assertThat(api.call("GET", ENV + "/releases/v1/log?lines=0", null).statusCode()).isEqualTo(400);
    assertThat(api.call("GET", ENV + "/releases/v9/log", null).statusCode()).isEqualTo(404);
  }
}
