package dev.berth.core.spec;

import static dev.berth.core.spec.SpecAssertions.parse;
import static dev.berth.core.spec.SpecAssertions.problems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.berth.core.model.AutoscaleSpec;
import dev.berth.core.model.AutoscaleSpec.Policy;
import dev.berth.core.model.AutoscaleSpec.PolicyType;
import dev.berth.core.model.AutoscaleSpec.SelectPolicy;
import dev.berth.core.model.ServiceSpec;
import dev.berth.core.model.TriggerSpec;
import dev.berth.core.model.TriggerSpec.MetricType;
import dev.berth.core.model.TriggerType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The autoscale block: what a valid one becomes, and the exact problem for each mistake. */
class AutoscaleSpecTest {

  private static final String HEAD = "project: shop\nservices:\n";

  static final String FULL =
      HEAD
          + """
            worker:
              command: ./work
              replicas: 2
              env: {REDIS_URL: "localhost:6379"}
              autoscale:
                min: 0
                max: 20
                pollingInterval: 500ms
                cooldown: 2m
                initialCooldown: 1m
                triggers:
                  - type: redis-list
                    name: jobs
                    addressFromEnv: REDIS_URL
                    listName: jobs
                    listLength: 5
                    activationListLength: 2
                    databaseIndex: 1
                  - type: rabbitmq
                    name: mails
                    host: amqp://localhost:5672/
                    usernameFromEnv: AMQP_USER
                    passwordFromEnv: AMQP_PASSWORD
                    queueName: mails
                    value: 20.5
                  - {type: cpu, value: 70}
                  - {type: http, targetConcurrency: 10}
                  - {type: cron, timezone: Europe/Paris, start: "0 8 * * 1-5", end: "0 18 * * 1-5", desiredReplicas: 3}
                  - {type: postgresql, connectionFromEnv: DATABASE_URL, query: "SELECT count(*) FROM q", targetQueryValue: 10, metricType: Value}
                behavior:
                  scaleDown:
                    stabilizationWindow: 1m
                    policies: [{type: Pods, value: 2, period: 30s}]
                  scaleUp: {selectPolicy: Min, tolerance: 0.05}
                fallback: {failureThreshold: 3, replicas: 4, behavior: currentReplicasIfHigher}
                advanced: {formula: "max(jobs, mails / 2)", target: 5, activationTarget: 1}
          """;

  @Test
  void aFullBlockBecomesTheModel() {
    ServiceSpec worker = parse(FULL).services().get("worker");
    AutoscaleSpec a = worker.autoscale();

    assertThat(worker.replicas()).as("the starting count").isEqualTo(2);
    assertThat(a.min()).isZero();
    assertThat(a.max()).isEqualTo(20);
    assertThat(a.pollingInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(a.cooldown()).isEqualTo(Duration.ofMinutes(2));
    assertThat(a.initialCooldown()).isEqualTo(Duration.ofMinutes(1));
    assertThat(a.triggers())
        .extracting(TriggerSpec::name)
        .containsExactly("jobs", "mails", "cpu", "http", "cron", "postgresql");
    assertThat(a.trigger("jobs"))
        .isEqualTo(
            new TriggerSpec(
                "jobs",
                TriggerType.REDIS_LIST,
                MetricType.AverageValue,
                5,
                2,
                Map.of("addressFromEnv", "REDIS_URL", "listName", "jobs", "databaseIndex", "1")));
    assertThat(a.trigger("mails").target()).isEqualTo(20.5);
    assertThat(a.trigger("mails").params())
        .containsEntry("passwordFromEnv", "AMQP_PASSWORD")
        .doesNotContainKey("password");
    assertThat(a.trigger("cpu").metricType()).isEqualTo(MetricType.Utilization);
    assertThat(a.trigger("cpu").target()).isEqualTo(70);
    assertThat(a.trigger("http").params()).containsEntry("targetConcurrency", "10");
    assertThat(a.trigger("cron").params()).containsEntry("desiredReplicas", "3");
    assertThat(a.trigger("postgresql").metricType()).isEqualTo(MetricType.Value);
    assertThat(a.scaleDown().stabilizationWindow()).isEqualTo(Duration.ofMinutes(1));
    assertThat(a.scaleDown().policies())
        .containsExactly(new Policy(PolicyType.Pods, 2, Duration.ofSeconds(30)));
    assertThat(a.scaleDown().tolerance()).isEqualTo(0.1);
    assertThat(a.scaleUp().selectPolicy()).isEqualTo(SelectPolicy.Min);
    assertThat(a.scaleUp().tolerance()).isEqualTo(0.05);
    assertThat(a.scaleUp().policies())
        .as("left out: the HPA's default")
        .isEqualTo(AutoscaleSpec.DEFAULT_SCALE_UP.policies());
    assertThat(a.fallback())
        .isEqualTo(
            new AutoscaleSpec.Fallback(
                3, 4, AutoscaleSpec.FallbackBehavior.CURRENT_REPLICAS_IF_HIGHER));
    assertThat(a.formula().expression()).isEqualTo("max(jobs, mails / 2)");
    assertThat(a.formula().target()).isEqualTo(5);
  }

  @Test
  void defaultsAreKedaAndHpaDefaultsWithAOneSecondPoll() {
    ServiceSpec web =
        parse(
                HEAD
                    + "  web:\n    command: a\n    autoscale: {max: 4, triggers: [{type: http, targetConcurrency: 50}]}\n")
            .services()
            .get("web");
    AutoscaleSpec a = web.autoscale();

    assertThat(web.replicas()).as("starts with min").isZero();
    assertThat(a.pollingInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(a.cooldown()).isEqualTo(Duration.ofSeconds(300));
    assertThat(a.initialCooldown()).isZero();
    assertThat(a.scaleUp()).isEqualTo(AutoscaleSpec.DEFAULT_SCALE_UP);
    assertThat(a.scaleDown().stabilizationWindow()).isEqualTo(Duration.ofSeconds(300));
    assertThat(a.scaleDown().policies())
        .containsExactly(new Policy(PolicyType.Percent, 100, Duration.ofSeconds(15)));
    assertThat(a.fallback()).isNull();
    assertThat(a.formula()).isNull();
  }

  @Test
  void repeatedTypesGetNumberedNames() {
    AutoscaleSpec a =
        parse(
                HEAD
                    + "  w:\n    command: a\n    autoscale:\n      max: 4\n      triggers:\n"
                    + "        - {type: http, targetRequestRate: 100}\n"
                    + "        - {type: http, targetConcurrency: 5}\n")
            .services()
            .get("w")
            .autoscale();

    assertThat(a.triggers()).extracting(TriggerSpec::name).containsExactly("http-1", "http-2");
  }

  @Test
  void anOverrideReplacesTheWholeBlock() {
    var spec =
        parse(
            HEAD
                + "  w:\n    command: a\n    autoscale: {min: 1, max: 9, triggers: [{type: http, targetConcurrency: 50}]}\n"
                + "environments:\n  staging: {services: {w: {autoscale: {min: 1, max: 2, triggers: [{type: memory, value: 80}]}}}}\n");

    AutoscaleSpec staging = spec.environment("staging").service("w").orElseThrow().autoscale();
    assertThat(staging.min()).isEqualTo(1);
    assertThat(staging.max()).isEqualTo(2);
    assertThat(staging.triggers())
        .extracting(TriggerSpec::type)
        .containsExactly(TriggerType.MEMORY);
  }

  static String w(String autoscale) {
    return HEAD + "  w:\n    command: a\n    autoscale: " + autoscale + "\n";
  }

  static Stream<Arguments> mistakes() {
    String at = "berth.yaml:5:";
    return Stream.of(
        arguments(
            "min above max",
            w("{min: 5, max: 2, triggers: [{type: cpu, value: 50}]}"),
            List.of(
                at
                    + "22: services.w.autoscale.min: min 5 is above max 2 (make min at most max,"
                    + " e.g. min: 2 or max: 5)")),
        arguments(
            "a trigger without its target",
            w("{max: 2, triggers: [{type: redis-list, address: 'r:6379', listName: q}]}"),
            List.of(
                at
                    + "36: services.w.autoscale.triggers[0]: trigger 'redis-list' has no target"
                    + " (add listLength: 5 (the number of items one replica should handle))")),
        arguments(
            "a target of zero",
            w(
                "{max: 2, triggers: [{type: metrics-api, url: 'http://a/q', valueLocation: d, targetValue: 0}]}"),
            List.of(
                at
                    + "106: services.w.autoscale.triggers[0].targetValue: targetValue must be above"
                    + " zero (use e.g. targetValue: 5)")),
        arguments(
            "an unknown trigger type",
            w("{max: 2, triggers: [{type: redis, listName: q}]}"),
            List.of(
                at
                    + "43: services.w.autoscale.triggers[0].type: 'redis' is not a trigger type"
                    + " (did you mean 'redis-list'?)")),
        arguments(
            "an unknown parameter",
            w("{min: 1, max: 2, triggers: [{type: cpu, value: 50, targetValue: 3}]}"),
            List.of(
                at
                    + "67: services.w.autoscale.triggers[0].targetValue: unknown key 'targetValue'"
                    + " (allowed in services.w.autoscale.triggers[0]: type, name, metricType, value)")),
        arguments(
            "a password inline",
            w(
                "{max: 2, triggers: [{type: redis-list, address: 'r:6379', password: s3cret, listName: q, listLength: 5}]}"),
            List.of(
                at
                    + "74: services.w.autoscale.triggers[0].password: password cannot be written in"
                    + " berth.yaml (set it as a config var (berth config set NAME=...) and write"
                    + " passwordFromEnv: NAME, so it never shows in the spec, events or logs)")),
        arguments(
            "a password in a URL",
            w(
                "{max: 2, triggers: [{type: rabbitmq, host: 'amqp://u:p@h/', queueName: q, value: 5}]}"),
            List.of(
                at
                    + "59: services.w.autoscale.triggers[0].host: the URL in host holds a password"
                    + " (keep the URL without it and write passwordFromEnv: NAME (or hostFromEnv:"
                    + " NAME for a whole URL set with berth config), so it never shows in events or"
                    + " logs)")),
        arguments(
            "two alternatives",
            w("{max: 2, triggers: [{type: http, targetConcurrency: 5, targetRequestRate: 9}]}"),
            List.of(
                at
                    + "71: services.w.autoscale.triggers[0].targetRequestRate: give only one of"
                    + " 'targetConcurrency' and 'targetRequestRate' (remove targetRequestRate)")),
        arguments(
            "no connection",
            w("{max: 2, triggers: [{type: postgresql, query: q, targetQueryValue: 1}]}"),
            List.of(
                at
                    + "36: services.w.autoscale.triggers[0]: trigger 'postgresql' needs 'connection'"
                    + " or 'host' (add e.g. connection: DATABASE_URL (or connectionFromEnv: NAME))")),
        arguments(
            "a formula naming no trigger",
            w(
                "{min: 1, max: 2, triggers: [{type: cpu, value: 50}], advanced: {formula: 'cpu + qeue', target: 3}}"),
            List.of(
                at
                    + "89: services.w.autoscale.advanced.formula: the formula uses 'qeue', which is"
                    + " no trigger's name (name the trigger: add name: qeue to it (triggers:"
                    + " cpu))")),
        arguments(
            "a formula that does not parse",
            w(
                "{min: 1, max: 2, triggers: [{type: cpu, value: 50}], advanced: {formula: 'cpu +', target: 3}}"),
            List.of(
                at
                    + "89: services.w.autoscale.advanced.formula: the formula 'cpu +' cannot be"
                    + " read: the formula ends where a number, a trigger name or '(' belongs at"
                    + " character 6 (use trigger names, numbers, + - * /, parentheses, min(...)"
                    + " and max(...))")),
        arguments(
            "a quoted number",
            w("{min: 1, max: 2, triggers: [{type: cpu, value: \"50\"}]}"),
            List.of(
                at
                    + "63: services.w.autoscale.triggers[0].value: expected a number of at least 0,"
                    + " got '50' (remove the quotes: value: 50)")),
        arguments(
            "a lower-case policy type",
            w(
                "{min: 1, max: 2, triggers: [{type: cpu, value: 50}], behavior: {scaleDown: {policies: [{type: pods, value: 1, period: 15s}]}}}"),
            List.of(
                at
                    + "110: services.w.autoscale.behavior.scaleDown.policies[0].type: 'pods' is not a"
                    + " policy type (did you mean 'Pods'?)")),
        arguments(
            "HPA seconds instead of a duration",
            w(
                "{min: 1, max: 2, triggers: [{type: cpu, value: 50}], behavior: {scaleDown: {stabilizationWindowSeconds: 60}}}"),
            List.of(
                at
                    + "92: services.w.autoscale.behavior.scaleDown.stabilizationWindowSeconds:"
                    + " unknown key 'stabilizationWindowSeconds' (did you mean"
                    + " 'stabilizationWindow'?)")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mistakes")
  void eachMistakeHasItsProblem(String rule, String yaml, List<String> expected) {
    assertThat(problems(yaml)).containsExactlyElementsOf(expected);
  }

  @Test
  void autoscaleOnACronService() {
    assertThat(
            problems(
                HEAD
                    + "  report:\n    schedule: \"@daily\"\n    command: r\n"
                    + "    autoscale: {min: 1, max: 2, triggers: [{type: cpu, value: 50}]}\n"))
        .containsExactly(
            "berth.yaml:6:5: services.report.autoscale: autoscale does not apply to cron services"
                + " (remove it: each run starts one process; autoscale web and worker services)");
  }

  @Test
  void anUnknownFallbackBehavior() {
    assertThat(
            problems(
                w(
                    "{max: 3, triggers: [{type: http, targetConcurrency: 5}], fallback:"
                        + " {failureThreshold: 2, replicas: 1, behavior: currentReplica}}")))
        .containsExactly(
            "berth.yaml:5:128: services.w.autoscale.fallback.behavior: 'currentReplica' is not a"
                + " fallback behavior (did you mean 'currentReplicas'?)");
  }

  @Test
  void cpuAloneCannotWakeFromZero() {
    assertThat(problems(w("{min: 0, max: 3, triggers: [{type: cpu, value: 50}]}")))
        .containsExactly(
            "berth.yaml:5:22: services.w.autoscale.min: min 0 needs a trigger that can wake the"
                + " service, and cpu and memory cannot (with no replica there is nothing to"
                + " measure) (set min: 1, or add a trigger that measures the work waiting, such as"
                + " redis-list or http)");
  }

  @Test
  void replicasOutsideTheBoundsIsRefusedNotIgnored() {
    assertThat(
            problems(
                HEAD
                    + "  w:\n    command: a\n    replicas: 10\n"
                    + "    autoscale: {min: 1, max: 4, triggers: [{type: cpu, value: 50}]}\n"))
        .containsExactly(
            "berth.yaml:5:15: services.w.replicas: replicas 10 is outside autoscale's min 1 and"
                + " max 4 (with autoscale, replicas is only the starting count) (remove replicas"
                + " (the service starts with min), or set it from 1 to 4)");
  }
}
