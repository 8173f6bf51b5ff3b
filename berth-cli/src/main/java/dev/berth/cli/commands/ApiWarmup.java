package dev.berth.cli.commands;

import dev.berth.cli.client.ApiClient;
import java.util.Map;

/**
 * Runs the API's request paths once, right after {@code berth up}, with requests that change
 * nothing: a dry-run apply (HTTP, auth, JSON, YAML, validation), a status read of an environment
 * that does not exist, and an events read.
 *
 * <p>Why: on a fresh JVM the first apply pays for loading, linking and interpreting all of that
 * code, which measured about 200 ms of the first apply's 400 ms overhead on two cores (see {@code
 * docs/benchmarks.md}). Doing it while the user is still typing their first command moves that cost
 * off their apply. Every failure is ignored: the warm-up must never get in the way.
 */
final class ApiWarmup implements Runnable {

  private static final String PROJECT = "berth-warmup";
  static final String SPEC =
      """
      project: berth-warmup
      services:
        web:
          type: web
          command: ./web
          port: 8080
          replicas: 2
          resources: {cpu: 250m, memory: 256Mi}
          env: {MODE: warm}
          health: {http: /health, interval: 5s}
        worker:
          type: worker
          command: ./worker
        nightly:
          type: cron
          command: ./report
          schedule: "0 3 * * *"
      environments:
        staging:
          services:
            web: {replicas: 1}
      """;

  private final ApiClient api;
  private final String sourceDir;

  ApiWarmup(ApiClient api, String sourceDir) {
    this.api = api;
    this.sourceDir = sourceDir;
  }

  /** Starts the warm-up on a low-priority daemon thread and returns at once. */
  static void start(ApiClient api, String sourceDir) {
    Thread thread = new Thread(new ApiWarmup(api, sourceDir), "berth-warmup");
    thread.setDaemon(true);
    thread.setPriority(Thread.MIN_PRIORITY);
    thread.start();
  }

  @Override
  public void run() {
    for (int i = 0; i < 3; i++) {
      quietly(
          () ->
              api.post(
                  "/api/v1/apply?dryRun=true",
                  Map.of("spec", SPEC, "sourceDir", sourceDir, "environment", "staging")));
      quietly(() -> api.get("/api/v1/projects/" + PROJECT + "/environments/production"));
      quietly(() -> api.get("/api/v1/events", Map.of("project", PROJECT, "limit", "1")));
    }
  }

  private static void quietly(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      // harmless: the same request from a user would simply be the first one
    }
  }
}
