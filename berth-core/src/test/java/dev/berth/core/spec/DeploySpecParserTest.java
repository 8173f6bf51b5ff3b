package dev.berth.core.spec;

import static dev.berth.core.spec.SpecAssertions.parse;
import static dev.berth.core.spec.SpecAssertions.problems;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.model.BuildSpec;
import dev.berth.core.model.CountOrPercent;
import dev.berth.core.model.DeploySpec;
import dev.berth.core.model.DeploySpec.Strategy;
import dev.berth.core.model.Percent;
import dev.berth.core.model.ProjectSpec;
import dev.berth.core.model.ReleasePhase;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The {@code deploy}, {@code build} and {@code release.timeout} keys. */
class DeploySpecParserTest {

  private static final String HEAD = "project: shop\nservices:\n";

  @Test
  void aServiceWithoutDeployGetsEveryDefault() {
    DeploySpec d = parse(HEAD + "  web: {command: a}\n").services().get("web").deploy();

    assertThat(d).isEqualTo(DeploySpec.DEFAULT);
    assertThat(d.strategy()).isEqualTo(Strategy.ROLLING);
    assertThat(d.maxSurge()).hasToString("25%");
    assertThat(d.maxUnavailable()).hasToString("25%");
    assertThat(d.minReady()).isZero();
    assertThat(d.progressDeadline()).isEqualTo(Duration.ofMinutes(10));
    assertThat(d.autoRollback()).isTrue();
    assertThat(d.watch()).isEqualTo(Duration.ofMinutes(2));
    assertThat(d.errorRate()).isEqualTo(Percent.of(5));
    assertThat(d.latencyP95()).isNull();
  }

  @Test
  void everyKeyIsRead() {
    DeploySpec d =
        parse(
                HEAD
                    + "  web:\n    command: a\n    deploy:\n      strategy: recreate\n"
                    + "      maxSurge: 2\n      maxUnavailable: 0%\n      minReady: 5s\n"
                    + "      progressDeadline: 20s\n      autoRollback: false\n      watch: 0s\n"
                    + "      errorRate: 0.5%\n      latencyP95: 300ms\n")
            .services()
            .get("web")
            .deploy();

    assertThat(d)
        .isEqualTo(
            new DeploySpec(
                Strategy.RECREATE,
                CountOrPercent.count(2),
                CountOrPercent.percentOf(0),
                Duration.ofSeconds(5),
                Duration.ofSeconds(20),
                false,
                Duration.ZERO,
                new Percent(50),
                Duration.ofMillis(300)));
    assertThat(d.watches()).isFalse();
  }

  @Test
  void latencyP95OffInAnyYamlSpelling() {
    for (String off : new String[] {"off", "\"off\"", "false", "no"}) {
      DeploySpec d =
          parse(HEAD + "  web: {command: a, deploy: {latencyP95: " + off + "}}\n")
              .services()
              .get("web")
              .deploy();
      assertThat(d.latencyP95()).as(off).isNull();
    }
  }

  @Test
  void workersMayHaveDeploySettings() {
    DeploySpec d =
        parse(HEAD + "  worker: {command: a, deploy: {maxSurge: 0, maxUnavailable: 1}}\n")
            .services()
            .get("worker")
            .deploy();

    assertThat(d.maxSurge()).isEqualTo(CountOrPercent.count(0));
    assertThat(d.maxUnavailable()).isEqualTo(CountOrPercent.count(1));
  }

  @Test
  void anOverrideMergesKeyByKeyAndOffReplacesAThreshold() {
    ProjectSpec spec =
        parse(
            HEAD
                + "  web:\n    command: a\n    deploy: {maxSurge: 1, latencyP95: 1s, watch: 5m}\n"
                + "environments:\n  production:\n  staging:\n"
                + "    services: {web: {deploy: {watch: 0s, latencyP95: off}}}\n");

    DeploySpec prod = spec.environment("production").service("web").orElseThrow().deploy();
    DeploySpec staging = spec.environment("staging").service("web").orElseThrow().deploy();
    assertThat(prod.latencyP95()).isEqualTo(Duration.ofSeconds(1));
    assertThat(prod.watch()).isEqualTo(Duration.ofMinutes(5));
    assertThat(staging.maxSurge()).isEqualTo(CountOrPercent.count(1));
    assertThat(staging.watch()).isZero();
    assertThat(staging.latencyP95()).isNull();
  }

  @Test
  void bothZeroIsAProblemAtTheLaterBoundEvenWhenAnOverrideMakesIt() {
    assertThat(
            problems(
                HEAD + "  web:\n    command: a\n    deploy: {maxSurge: 0, maxUnavailable: 0}\n"))
        .containsExactly(
            "berth.yaml:5:43: services.web.deploy.maxUnavailable: maxSurge and maxUnavailable are"
                + " both 0, so a rollout could neither add nor remove a replica (allow one of"
                + " them, e.g. maxSurge: 1 with maxUnavailable: 0 (start a new replica before"
                + " stopping an old one))");
    assertThat(
            problems(
                HEAD
                    + "  web:\n    command: a\n    deploy: {maxSurge: 0}\n"
                    + "environments:\n  staging: {services: {web: {deploy: {maxUnavailable: 0%}}}}\n"))
        .singleElement()
        .asString()
        .startsWith("berth.yaml:7:55: environments.staging.services.web.deploy.maxUnavailable:");
  }

  @Test
  void valueProblemsNameTheValueAndAFix() {
    assertThat(
            problems(
                HEAD
                    + "  web:\n    command: a\n    deploy:\n      strategy: bluegreen\n"
                    + "      maxSurge: 2.5%\n      maxUnavailable: 101\n      errorRate: 0.05\n"
                    + "      progressDeadline: 0s\n      watch: 2\n      latencyP95: on\n"
                    + "      autoRollback: sometimes\n      canary: 10%\n"))
        .containsExactly(
            "berth.yaml:6:17: services.web.deploy.strategy: 'bluegreen' is not a deploy strategy"
                + " (use 'rolling' or 'recreate')",
            "berth.yaml:7:17: services.web.deploy.maxSurge: '2.5%' is not a whole percentage"
                + " (use a whole percentage such as 25% (it is rounded to replicas anyway), or a"
                + " count)",
            "berth.yaml:8:23: services.web.deploy.maxUnavailable: '101' is more replicas than a"
                + " service may have (use a count from 0 to 100, or a percentage such as 25%)",
            "berth.yaml:9:18: services.web.deploy.errorRate: '0.05' has no '%' (write a"
                + " percentage such as 5% or 0.5%)",
            "berth.yaml:10:25: services.web.deploy.progressDeadline: progressDeadline '0s' must be"
                + " longer than zero (use at least 1ms, e.g. 10m)",
            "berth.yaml:11:14: services.web.deploy.watch: duration '2' has no unit (write 2s for"
                + " seconds, or 2ms)",
            "berth.yaml:12:19: services.web.deploy.latencyP95: latencyP95 cannot be 'on' (write a"
                + " duration such as 500ms, or off)",
            "berth.yaml:13:21: services.web.deploy.autoRollback: expected true or false, got"
                + " 'sometimes' (write autoRollback: true or autoRollback: false)",
            "berth.yaml:14:7: services.web.deploy.canary: unknown key 'canary'"
                + " (allowed in services.web.deploy: strategy, maxSurge, maxUnavailable, minReady, progressDeadline,"
                + " autoRollback, watch, errorRate, latencyP95)");
  }

  @Test
  void deployOnACronServiceIsAProblem() {
    assertThat(
            problems(
                HEAD
                    + "  report:\n    command: a\n    schedule: \"@daily\"\n"
                    + "    deploy: {watch: 0s}\n"))
        .containsExactly(
            "berth.yaml:6:5: services.report.deploy: deploy does not apply to cron services"
                + " (remove it: each run starts one process from the release that is live when it"
                + " is due)");
  }

  @Test
  void buildAndReleaseTimeouts() {
    ProjectSpec spec =
        parse(
            HEAD
                + "  web: {command: a}\nbuild: {command: npm ci, timeout: 45m}\n"
                + "release: {command: ./migrate, timeout: 2h}\n");

    assertThat(spec.build()).isEqualTo(new BuildSpec("npm ci", Duration.ofMinutes(45)));
    assertThat(spec.release()).isEqualTo(new ReleasePhase("./migrate", Duration.ofHours(2)));
    assertThat(spec.releaseCommand()).isEqualTo("./migrate");
  }

  @Test
  void buildAndReleaseTimeoutDefaults() {
    ProjectSpec spec =
        parse(HEAD + "  web: {command: a}\nbuild: {command: make}\nrelease: {command: m}\n");

    assertThat(spec.build().timeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(spec.release().timeout()).isEqualTo(Duration.ofHours(1));
    assertThat(parse(HEAD + "  web: {command: a}\n").build()).isNull();
    assertThat(parse(HEAD + "  web: {command: a}\n").release()).isNull();
  }

  @Test
  void aReleaseWithOnlyATimeoutTakesTheProcfileCommand() {
    ProjectSpec spec =
        parse(HEAD + "  web: {command: a}\nrelease: {timeout: 5m}\n", "release: ./m\n");

    assertThat(spec.release()).isEqualTo(new ReleasePhase("./m", Duration.ofMinutes(5)));
  }

  @Test
  void buildAndTimeoutProblems() {
    assertThat(
            problems(
                HEAD
                    + "  web: {command: a}\nbuild: {timeout: 25h}\n"
                    + "release: {command: m, timeout: 0s}\n"))
        .containsExactly(
            "berth.yaml:4:1: build: build has no command (add 'command:' under build, e.g. build:"
                + " {command: npm ci})",
            "berth.yaml:4:18: build.timeout: timeout '25h' is too long (use at most 24h)",
            "berth.yaml:5:32: release.timeout: timeout '0s' must be longer than zero (use at"
                + " least 1ms, e.g. 1h)");
    assertThat(problems(HEAD + "  web: {command: a}\nbuild: npm ci\n"))
        .containsExactly(
            "berth.yaml:4:8: build: expected a mapping with the build command, got 'npm ci'"
                + " (write build: {command: \"npm ci\"})");
  }
}
