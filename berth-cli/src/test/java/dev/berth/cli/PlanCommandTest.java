package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.client.CliJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code berth plan}, {@code berth apply plan.json}, the lock wait of {@code berth apply} and
 * {@code berth unlock}, against a fake API that records what the CLI sent.
 */
class PlanCommandTest {
  static final String PLAN =
      """
      {"valid": true, "project": "shop", "environment": "production", "services": ["web", "api"],
       "changed": true, "changes": [], "warnings": [],
       "serial": 7, "specDigest": "sha256:spec", "planDigest": "sha256:plan",
       "plan": {"summary": "1 to add, 1 to change, 0 to destroy", "add": 1, "change": 1,
         "destroy": 0, "changes": true, "destructive": false,
         "services": [
           {"service": "web", "action": "replace", "replicasBefore": 2, "replicasAfter": 4,
            "destructive": false, "note": "",
            "fields": [
              {"field": "replicas", "before": "2", "after": "4", "sensitive": false, "replaces": false},
              {"field": "env.LOG_LEVEL", "before": "info", "after": "debug", "sensitive": false, "replaces": true},
              {"field": "env.DB_PASSWORD", "before": "(sensitive)", "after": "(sensitive)", "sensitive": true, "replaces": true}]},
           {"service": "api", "action": "create", "replicasBefore": 0, "replicasAfter": 1,
            "destructive": false, "note": "",
            "fields": [{"field": "type", "before": null, "after": "web", "sensitive": false, "replaces": true}]}],
         "drift": [{"service": "web", "kind": "scaled", "detail": "replicas 2 set by berth scale, the spec says 3"}]}}
      """;
  static final String NO_CHANGES =
      """
      {"valid": true, "project": "shop", "environment": "production", "services": ["web"],
       "changed": false, "changes": [], "warnings": [], "serial": 7,
       "specDigest": "sha256:spec", "planDigest": "sha256:none",
       "plan": {"summary": "0 to add, 0 to change, 0 to destroy", "add": 0, "change": 0,
         "destroy": 0, "changes": false, "destructive": false,
         "services": [{"service": "web", "action": "no-op", "fields": []}], "drift": []}}
      """;
  static final String APPLIED =
      """
      {"project": "shop", "environment": "production", "release": "v8", "generation": 8,
       "changed": true, "changes": [], "warnings": []}
      """;
  static final String LOCKED =
      """
      {"error": {"code": "environment_locked", "message": "shop/production is locked by alice",
        "details": [{"holder": "alice (token ci)", "instance": "cp-9-ab", "operation": "apply",
          "acquiredAt": "2026-12-03T17:00:00Z", "expiresAt": "2026-12-03T17:00:30Z"}]}}
      """;

  @TempDir Path dir;
  FakeApiCli cli;
  volatile String plan = PLAN;
  final AtomicInteger lockedAnswers = new AtomicInteger();
  volatile String applyError;
  volatile String lock =
      """
      {"project": "shop", "environment": "production", "locked": true, "holder": "alice",
       "instance": "cp-9-ab", "operation": "apply", "acquiredAt": "2026-12-03T17:00:00Z",
       "expiresAt": "2026-12-03T17:00:30Z", "expired": true}
      """;

  @BeforeEach
  void startFakeApi() throws Exception {
    Files.writeString(dir.resolve("berth.yaml"), "project: shop\n");
    Files.writeString(dir.resolve("app.py"), "print('hi')\n");
    cli =
        new FakeApiCli(dir)
            .handle("/api/v1/plan", x -> FakeApiCli.respond(x, 200, "application/json", plan))
            .handle(
                "/api/v1/apply",
                x -> {
                  if ("dryRun=true".equals(x.getRequestURI().getRawQuery())) {
                    FakeApiCli.respond(x, 200, "application/json", plan);
                  } else if (lockedAnswers.getAndDecrement() > 0) {
                    FakeApiCli.respond(x, 409, "application/json", LOCKED);
                  } else if (applyError != null) {
                    FakeApiCli.respond(x, 409, "application/json", applyError);
                  } else {
                    FakeApiCli.respond(x, 202, "application/json", APPLIED);
                  }
                })
            .handle("/api/v1/artifacts", x -> FakeApiCli.respond(x, 200, "text/plain", ""))
            .handle(
                "/api/v1/projects/shop/environments/production/spec",
                x ->
                    FakeApiCli.respond(
                        x,
                        200,
                        "application/json",
                        "{\"project\": \"shop\", \"environment\": \"production\","
                            + " \"yaml\": \"project: shop\\nservices: {}\\n\"}"))
            .handle(
                "/api/v1/projects/shop/environments/production/lock",
                x -> {
                  boolean delete = x.getRequestMethod().equals("DELETE");
                  FakeApiCli.respond(
                      x,
                      200,
                      "application/json",
                      delete ? lock.replace("\"locked\"", "\"unlocked\": true, \"was\"") : lock);
                })
            .start();
  }

  @AfterEach
  void stopFakeApi() {
    cli.close();
  }

  List<String> applies() {
    return cli.requests.stream().filter(r -> r.startsWith("/api/v1/apply")).toList();
  }

  @Test
  void aPlanIsPrintedAlignedWithItsSummaryAndSecretsHidden() {
    assertThat(cli.run("plan")).isZero();

    String out = cli.out();
    assertThat(out)
        .contains("-/+ web  replace")
        .contains("  + api  create")
        .contains("      replicas         2 -> 4\n")
        .contains("      env.LOG_LEVEL    info -> debug  # forces a new release")
        .contains("      env.DB_PASSWORD  (sensitive) -> (sensitive)")
        .contains("Drift")
        .contains("replicas 2 set by berth scale")
        .contains("Plan: 1 to add, 1 to change, 0 to destroy.");
    assertThat(cli.paths()).containsExactly("/api/v1/plan");
    assertThat(cli.requests.get(0)).contains("\"environment\":\"production\"");
  }

  @Test
  void detailedExitCodeIsTwoWithChangesAndZeroWithout() {
    assertThat(cli.run("plan", "--detailed-exitcode")).isEqualTo(2);
    plan = NO_CHANGES;
    cli.resetOutput();
    assertThat(cli.run("plan", "--detailed-exitcode")).isZero();
    assertThat(cli.out()).contains("No changes").contains("0 to add, 0 to change, 0 to destroy");
  }

  @Test
  void jsonIsThePlanDocumentOnStdout() throws Exception {
    assertThat(cli.run("plan", "-o", "json")).isZero();

    JsonNode doc = CliJson.mapper().readTree(cli.out());
    assertThat(doc.at("/plan/services/0/fields/0/field").asText()).isEqualTo("replicas");
    assertThat(doc.path("serial").asLong()).isEqualTo(7);
  }

  @Test
  void aSavedPlanIsAppliedExactlyWithoutAQuestion() throws Exception {
    assertThat(cli.run("plan", "--out", "plan.json")).isZero();
    assertThat(cli.err()).contains("berth apply plan.json");
    JsonNode saved = CliJson.mapper().readTree(dir.resolve("plan.json").toFile());
    assertThat(saved.path("format").asText()).isEqualTo("berth-plan/1");
    assertThat(saved.path("serial").asLong()).isEqualTo(7);

    cli.interactive = false; // a saved plan was reviewed already: no --yes needed
    assertThat(cli.run("apply", "plan.json", "--no-wait")).isZero();

    assertThat(cli.asked).isEmpty();
    List<String> applies = applies();
    assertThat(applies).hasSize(1);
    JsonNode body =
        CliJson.mapper().readTree(applies.get(0).substring(applies.get(0).indexOf(' ')));
    assertThat(body.at("/plan/serial").asLong()).isEqualTo(7);
    assertThat(body.at("/plan/specDigest").asText()).isEqualTo("sha256:spec");
    assertThat(body.at("/plan/planDigest").asText()).isEqualTo("sha256:plan");
    assertThat(body.path("failIfLocked").asBoolean()).isTrue();
    assertThat(body.path("artifact").asText()).isEqualTo(saved.at("/request/artifact").asText());
    assertThat(body.path("spec").asText()).isEqualTo("project: shop\n");
  }

  @Test
  void aStaleSavedPlanFailsWithTheServersReason() {
    assertThat(cli.run("plan", "--out", "plan.json")).isZero();
    applyError =
        """
        {"error": {"code": "plan_stale", "message": "the state of shop/production changed since the plan was made (serial 7 then, 8 now); nothing was applied", "details": []}}
        """;

    assertThat(cli.run("apply", "plan.json", "--no-wait")).isEqualTo(1);

    assertThat(cli.err()).contains("serial 7 then, 8 now", "nothing was applied");
  }

  @Test
  void aSavedPlanForAnotherEnvironmentIsRefusedBeforeAnythingIsSent() {
    assertThat(cli.run("plan", "--out", "plan.json")).isZero();

    assertThat(cli.run("apply", "plan.json", "--env", "staging")).isEqualTo(2);

    assertThat(cli.err()).contains("plan for shop/production", "berth plan --env staging");
    assertThat(applies()).isEmpty();
  }

  @Test
  void codeChangedSinceThePlanIsRefused() throws Exception {
    assertThat(cli.run("plan", "--out", "plan.json")).isZero();
    Files.writeString(dir.resolve("app.py"), "print('changed')\n");

    assertThat(cli.run("apply", "plan.json")).isEqualTo(1);

    assertThat(cli.err()).contains("changed since the plan was made", "nothing was applied");
    assertThat(applies()).isEmpty();
  }

  @Test
  void notAPlanFileIsInvalidInput() throws Exception {
    Files.writeString(dir.resolve("x.json"), "{\"hello\": 1}");
    assertThat(cli.run("apply", "x.json")).isEqualTo(2);
    assertThat(cli.run("apply", "missing.json")).isEqualTo(2);
    assertThat(cli.err()).contains("not a saved plan", "no saved plan at");
  }

  @Test
  void aSecondApplyWaitsForTheLockSayingWhoHoldsIt() {
    lockedAnswers.set(2);

    assertThat(cli.run("apply", "--yes", "--no-wait")).isZero();

    assertThat(cli.err())
        .contains(
            "waiting for the lock held by alice (token ci) since 2026-12-03T17:00:00Z (apply on"
                + " control plane cp-9-ab)");
    assertThat(cli.err().split("waiting for the lock", -1)).hasSize(2); // said once
    assertThat(applies()).hasSize(3);
  }

  @Test
  void aLockTimeoutOfZeroFailsAtOnce() {
    lockedAnswers.set(100);

    assertThat(cli.run("apply", "--yes", "--lock-timeout", "0s")).isEqualTo(1);

    assertThat(cli.err()).contains("locked by alice");
    assertThat(applies()).hasSize(1);
  }

  @Test
  void onATerminalApplyShowsThePlanAsksAndSendsWhatItShowed() throws Exception {
    cli.answers.add("y");

    assertThat(cli.run("apply", "--no-wait")).isZero();

    assertThat(cli.asked).containsExactly("Apply it? [y/N] ");
    assertThat(cli.err()).contains("-/+ web  replace", "Plan: 1 to add, 1 to change, 0 to destroy");
    String real = applies().get(1);
    JsonNode body = CliJson.mapper().readTree(real.substring(real.indexOf(' ')));
    assertThat(body.at("/plan/serial").asLong()).isEqualTo(7);
  }

  @Test
  void unlockShowsTheHolderAndNeedsYesWithoutATerminal() {
    cli.interactive = false;

    assertThat(cli.run("unlock", "--env", "production", "-p", "shop")).isEqualTo(2);
    assertThat(cli.err()).contains("held by alice", "pass --yes");
    assertThat(cli.paths()).doesNotContain("/api/v1/projects/shop/environments/production/lock ");
    assertThat(cli.requests).noneMatch(r -> r.startsWith("DELETE"));

    assertThat(cli.run("unlock", "--env", "production", "-p", "shop", "--yes")).isZero();
    assertThat(cli.err()).contains("Unlocked shop/production");
  }

  @Test
  void unlockOnATerminalAsksForTheEnvironmentName() {
    cli.answers.add("staging");
    assertThat(cli.run("unlock", "--env", "production", "-p", "shop")).isEqualTo(1);
    assertThat(cli.err()).contains("the lock was left in place");

    cli.answers.add("production");
    assertThat(cli.run("unlock", "--env", "production", "-p", "shop")).isZero();
    assertThat(cli.err()).contains("Unlocked shop/production");
  }

  @Test
  void exportSpecPrintsTheEffectiveSpecOnStdout() {
    assertThat(cli.run("export", "spec", "--env", "production", "-p", "shop")).isZero();
    assertThat(cli.out()).isEqualTo("project: shop\nservices: {}\n");
    assertThat(cli.paths()).containsExactly("/api/v1/projects/shop/environments/production/spec");
  }

  @Test
  void unlockOfAnUnlockedEnvironmentSaysSo() {
    lock = "{\"locked\": false}";
    assertThat(cli.run("unlock", "--env", "production", "-p", "shop")).isZero();
    assertThat(cli.err()).contains("is not locked");
  }
}
