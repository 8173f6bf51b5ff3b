package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code berth autoscale explain} against a fake API. */
class AutoscaleCommandTest {
  static final String EXPLAIN =
      """
      {"service": "worker", "min": 1, "max": 10, "desired": 4,
       "reason": "SCALE_DOWN_STABILIZED",
       "message": "recommends 1; the highest recommendation of the last 300s is 4",
       "pollingInterval": "PT1S", "cooldown": "PT5M", "lastActive": "2026-12-03T10:00:00Z",
       "lastScaleAt": "2026-12-03T09:59:00Z", "coldStartMillis": null,
       "scaleUp": {"stabilizationWindow": "PT0S", "selectPolicy": "Max",
                   "policies": ["Pods 4 per 15s", "Percent 100% per 15s"], "tolerance": 0.1,
                   "recommendations": [], "scaleEvents": [{"at": "2026-12-03T09:59:00Z", "replicas": 3}]},
       "scaleDown": {"stabilizationWindow": "PT5M", "selectPolicy": "Max",
                     "policies": ["Percent 100% per 15s"], "tolerance": 0.1,
                     "recommendations": [{"at": "2026-12-03T09:59:00Z", "replicas": 4},
                                         {"at": "2026-12-03T10:00:00Z", "replicas": 1}],
                     "scaleEvents": []},
       "triggers": [{"name": "jobs", "type": "redis-list", "metricType": "AverageValue", "target": 5.0}],
       "decisions": [
         {"at": "2026-12-03T09:59:00Z", "lastAt": "2026-12-03T09:59:03Z", "from": 1, "to": 4,
          "reason": "SCALE_UP", "message": "jobs = 20 recommends 4; now 4",
          "readings": [{"name": "jobs", "value": 20.0, "recommendation": 4, "active": true,
                        "error": null, "failures": 0, "fallback": false}]},
         {"at": "2026-12-03T10:00:00Z", "lastAt": "2026-12-03T10:00:09Z", "from": 4, "to": 4,
          "reason": "SCALE_DOWN_STABILIZED", "message": "held",
          "readings": [{"name": "jobs", "value": null, "recommendation": -1, "active": false,
                        "error": "connection refused", "failures": 2, "fallback": false}]}]}
      """;

  @TempDir Path dir;
  FakeApiCli cli;
  final List<String> paths = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startFakeApi() throws Exception {
    Files.writeString(dir.resolve("berth.yaml"), "project: shop\n");
    cli =
        new FakeApiCli(dir)
            .handle(
                "/api/v1/projects/shop/",
                x -> {
                  String path = x.getRequestURI().getPath();
                  paths.add(path);
                  if (path.endsWith("/services/worker/autoscale")) {
                    FakeApiCli.respond(x, 200, "application/json", EXPLAIN);
                  } else {
                    FakeApiCli.respond(
                        x,
                        404,
                        "application/json",
                        "{\"error\": {\"code\": \"not_autoscaled\", \"message\": \"'web' in"
                            + " shop/production is not autoscaled\", \"details\": []}}");
                  }
                })
            .start();
  }

  @AfterEach
  void stopFakeApi() {
    cli.close();
  }

  @Test
  void explainShowsTheReasonTheWindowsThePoliciesAndEachDecisionsReadings() {
    assertThat(cli.run("autoscale", "explain", "worker")).isZero();
    assertThat(paths)
        .containsExactly("/api/v1/projects/shop/environments/production/services/worker/autoscale");
    assertThat(cli.out())
        .contains("worker: 4 replicas (min 1, max 10)")
        .contains("because SCALE_DOWN_STABILIZED")
        .contains("scale down: window PT5M, Max of [Percent 100% per 15s]")
        .contains("recommendations in the window: 4 1")
        .contains("jobs (redis-list, AverageValue target 5)")
        .contains("1 -> 4", "SCALE_UP", "jobs=20 -> 4 active")
        .contains("jobs failed (connection refused)");
  }

  @Test
  void jsonIsTheApisShape() {
    assertThat(cli.run("autoscale", "explain", "worker", "-o", "json")).isZero();
    assertThat(cli.out()).contains("\"reason\" : \"SCALE_DOWN_STABILIZED\"", "\"decisions\"");
  }

  @Test
  void aServiceThatIsNotAutoscaledFailsWithTheApisMessage() {
    assertThat(cli.run("autoscale", "explain", "web")).isEqualTo(1);
    assertThat(cli.err()).contains("not autoscaled");
  }
}
