package dev.berth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cron over real HTTP with real processes: a minutely service runs on the minute, a manual run
 * honours concurrency, a failing run reports its exit code, and its log is read by run id.
 */
class CronIT {
  static final String ENV = "/api/v1/projects/demo/environments/production";
  static final String SPEC =
      """
      project: demo
      services:
        yearly:
          schedule: "0 0 1 1 *"
          command: echo "run=$BERTH_RUN at=$BERTH_SCHEDULED_AT"; sleep 1; exit 3
        minutely:
          schedule: "* * * * *"
          command: echo tick
      """;

  @TempDir Path tmp;
  RunningControlPlane api;

  @BeforeEach
  void start() throws Exception {
    api = new RunningControlPlane(tmp);
  }

  @AfterEach
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  JsonNode runs(String service) throws Exception {
    return api.json("GET", ENV + "/cron/" + service + "/runs", null);
  }

  @Test
  void cronServicesRunOnScheduleAndOnDemand() throws Exception {
    Path app = Files.createDirectories(tmp.resolve("app"));
    api.json("POST", "/api/v1/apply", Map.of("spec", SPEC, "sourceDir", app.toString()));

    JsonNode list = api.json("GET", ENV + "/cron", null);
    assertThat(list).hasSize(2);
    assertThat(list.get(0).path("name").asText()).isEqualTo("yearly");
    assertThat(list.get(0).path("nextRun").asText()).endsWith("-01-01T00:00:00Z");

    JsonNode run = api.json("POST", ENV + "/cron/yearly/trigger", Map.of());
    String id = run.path("id").asText();
    assertThat(id).startsWith("yearly-manual-");
    HttpResponse<String> second = api.call("POST", ENV + "/cron/yearly/trigger", Map.of());
    assertThat(second.statusCode()).as(second.body()).isEqualTo(409);
    assertThat(second.body()).contains("concurrency is forbid");

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> runs("yearly").get(0).path("result").asText().equals("failed"));
    JsonNode done = runs("yearly").get(0);
    assertThat(done.path("exitCode").asInt()).isEqualTo(3);
    JsonNode logs = api.json("GET", ENV + "/services/yearly/logs?run=" + id, null);
    assertThat(logs.toString()).contains("run=" + id);

    // the minutely service: its first run starts on the next minute, within tens of ms
    await()
        .atMost(Duration.ofSeconds(75))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                runs("minutely").size() > 0 && !runs("minutely").get(0).path("startedAt").isNull());
    JsonNode tick = runs("minutely").get(0);
    Duration skew =
        Duration.between(
            Instant.parse(tick.path("scheduledAt").asText()),
            Instant.parse(tick.path("startedAt").asText()));
    assertThat(skew).isBetween(Duration.ZERO, Duration.ofMillis(500));
    assertThat(tick.path("id").asText()).matches("minutely-\\d{8}t\\d{4}00z");
  }
}
