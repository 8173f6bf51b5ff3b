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

/** {@code berth cron ...} and {@code berth logs --run} against a fake API that records requests. */
class CronCommandTest {
  static final String RUN =
      "{\"id\": \"report-20261203t020000z\", \"scheduledAt\": \"2026-12-03T02:00:00Z\","
          + " \"startedAt\": \"2026-12-03T02:00:00.012Z\", \"endedAt\": \"2026-12-03T02:00:05Z\","
          + " \"result\": \"failed\", \"exitCode\": 3, \"attempts\": 1, \"manual\": false}";
  static final String LIST =
      "[{\"name\": \"report\", \"schedule\": \"0 2 * * *\", \"timezone\": \"Europe/Paris\","
          + " \"suspended\": false, \"nextRun\": \"2026-12-04T01:00:00Z\", \"lastRun\": "
          + RUN
          + "}]";

  @TempDir Path dir;
  FakeApiCli cli;

  /** {@code METHOD path?query} of each request: the cron verbs differ by method. */
  final List<String> requests = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startFakeApi() throws Exception {
    Files.writeString(dir.resolve("berth.yaml"), "project: shop\n");
    cli =
        new FakeApiCli(dir)
            .handle(
                "/api/v1/projects/shop/",
                x -> {
                  String path = x.getRequestURI().getPath();
                  String query = x.getRequestURI().getRawQuery();
                  requests.add(
                      x.getRequestMethod() + " " + path + (query == null ? "" : "?" + query));
                  String body =
                      path.endsWith("/cron")
                          ? LIST
                          : path.endsWith("/runs")
                              ? "[" + RUN + "]"
                              : path.endsWith("/trigger")
                                  ? RUN.replace("20261203t020000z", "manual-20261203t100000000z")
                                  : path.endsWith("/logs")
                                      ? "{\"lines\": [], \"cursor\": \"\"}"
                                      : "{}";
                  FakeApiCli.respond(
                      x, path.endsWith("/trigger") ? 202 : 200, "application/json", body);
                })
            .start();
  }

  @AfterEach
  void stopFakeApi() {
    cli.close();
  }

  int run(String... args) {
    return cli.run(args);
  }

  String out() {
    return cli.out();
  }

  @Test
  void listShowsNextAndLastRunAndJsonIsTheApisShape() {
    assertThat(run("cron", "list")).isZero();
    assertThat(out()).contains("report", "0 2 * * *", "2026-12-04T01:00:00Z", "failed");

    cli.resetOutput();
    assertThat(run("cron", "list", "-o", "json")).isZero();
    assertThat(out()).contains("\"nextRun\" : \"2026-12-04T01:00:00Z\"", "\"exitCode\" : 3");
    assertThat(requests).containsOnly("GET /api/v1/projects/shop/environments/production/cron");
  }

  @Test
  void runsTriggerSuspendResumeAndLogsOfARun() {
    assertThat(run("cron", "runs", "report")).isZero();
    assertThat(out()).contains("report-20261203t020000z", "failed", "3");
    assertThat(run("cron", "trigger", "report")).isZero();
    assertThat(run("cron", "suspend", "report")).isZero();
    assertThat(run("cron", "resume", "report")).isZero();
    assertThat(run("logs", "report", "--run", "report-20261203t020000z")).isZero();

    String base = "/api/v1/projects/shop/environments/production";
    assertThat(requests)
        .containsExactly(
            "GET " + base + "/cron/report/runs",
            "POST " + base + "/cron/report/trigger",
            "POST " + base + "/cron/report/suspend",
            "POST " + base + "/cron/report/resume",
            "GET " + base + "/services/report/logs?run=report-20261203t020000z&limit=200");
    assertThat(cli.err()).contains("run report-manual-20261203t100000000z of report triggered");
  }

  @Test
  void cronWithoutAVerbSaysWhatToDo() {
    assertThat(run("cron")).isEqualTo(CliException.INVALID);
    assertThat(cli.err()).contains("berth cron list");
  }
}
