package dev.berth.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.model.AutoscaleSpec;
import dev.berth.core.model.ProjectSpec;
import dev.berth.core.model.TriggerType;
import dev.berth.core.spec.internal.TriggerParams;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The autoscale block under generated input: well-formed blocks parse exactly when {@code min <=
 * max} and keep what was written; anything else gives located problems, never an exception.
 */
class AutoscaleSpecProperties {

  static final List<String> TRIGGERS =
      List.of(
          "{type: cpu, value: 70}",
          "{type: memory, metricType: AverageValue, value: 512Mi}",
          "{type: redis-list, address: 'localhost:6379', listName: q, listLength: 5}",
          "{type: rabbitmq, host: 'amqp://localhost/', queueName: q, value: 10, activationValue: 1}",
          "{type: nats-jetstream, url: 'nats://localhost:4222', stream: s, consumer: c,"
              + " lagThreshold: 10}",
          "{type: postgresql, connectionFromEnv: DB, query: 'select 1', targetQueryValue: 2}",
          "{type: prometheus, serverAddress: 'http://p:9090', query: up, threshold: 3}",
          "{type: metrics-api, url: 'http://a/b', valueLocation: x.y, targetValue: 1.5}",
          "{type: cron, timezone: UTC, start: '0 8 * * *', end: '0 18 * * *', desiredReplicas: 2}",
          "{type: http, targetRequestRate: 50}");

  @Property(tries = 400)
  void wellFormedBlocksParseExactlyWhenMinIsAtMostMax(
      @ForAll @IntRange(min = 0, max = 100) int min,
      @ForAll @IntRange(min = 1, max = 100) int max,
      @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 0, max = 9) Integer> picks) {
    StringBuilder y =
        new StringBuilder("project: shop\nservices:\n  w:\n    command: a\n    autoscale:\n");
    y.append("      min: ").append(min).append("\n      max: ").append(max).append('\n');
    y.append("      triggers:\n");
    for (int i : picks) {
      y.append("        - ").append(TRIGGERS.get(i)).append('\n');
    }
    ProjectSpec spec = SpecParserProperties.check(y.toString());

    boolean onlyResources = picks.stream().allMatch(i -> i < 2);
    assertThat(spec != null).as("parses").isEqualTo(min <= max && !(min == 0 && onlyResources));
    if (spec != null) {
      AutoscaleSpec a = spec.services().get("w").autoscale();
      assertThat(a.min()).isEqualTo(min);
      assertThat(a.max()).isEqualTo(max);
      assertThat(a.triggers()).hasSize(picks.size());
      assertThat(spec.services().get("w").replicas()).isEqualTo(min);
    }
  }

  @Property(tries = 1500)
  void mutationsOfAFullBlockGiveASpecOrLocatedProblems(
      @ForAll("positions") int position, @ForAll("edits") String edit, @ForAll boolean delete) {
    String base = AutoscaleSpecTest.FULL;
    int at = position % (base.length() + 1);
    String yaml =
        delete && at < base.length()
            ? base.substring(0, at) + base.substring(Math.min(base.length(), at + edit.length()))
            : base.substring(0, at) + edit + base.substring(at);
    SpecParserProperties.check(yaml);
  }

  /**
   * Any trigger type with any subset of its keys (and a few foreign ones) set to any of a pool of
   * values: a spec or located problems, never an exception.
   */
  @Property(tries = 1500)
  void anyTriggerParametersGiveASpecOrLocatedProblems(
      @ForAll("types") TriggerType type,
      @ForAll("picks") List<Integer> keys,
      @ForAll("picks") List<Integer> values) {
    List<String> allowed = new java.util.ArrayList<>(TriggerParams.keys(type));
    allowed.addAll(List.of("password", "bogus", "FromEnv", "listLength"));
    StringBuilder y =
        new StringBuilder(
            "project: shop\nservices:\n  w:\n    command: a\n    autoscale:\n      max: 3\n"
                + "      triggers:\n        - type: "
                + type.wireName()
                + "\n");
    for (int i = 0; i < keys.size(); i++) {
      String key = allowed.get(keys.get(i) % allowed.size());
      if (key.equals("type") || y.indexOf("          " + key + ":") >= 0) {
        continue;
      }
      y.append("          ")
          .append(key)
          .append(": ")
          .append(
              VALUES.get((values.isEmpty() ? i : values.get(i % values.size())) % VALUES.size()))
          .append('\n');
    }
    SpecParserProperties.check(y.toString());
  }

  static final List<String> VALUES =
      List.of(
          "5",
          "0",
          "-1",
          "1.5",
          "\"5\"",
          "x",
          "''",
          "true",
          "nats://h:4222",
          "'amqp://u:p@h/'",
          "localhost:6379",
          "\"0 8 * * *\"",
          "Europe/Paris",
          "Value",
          "AverageValue",
          "Utilization",
          "QueueLength",
          "MessageRate",
          "json",
          "[1]",
          "{a: 1}",
          "~",
          "ENV_X",
          "1e3",
          ".nan",
          "http://a/b",
          "250m",
          "512Mi",
          "SELECT 1",
          "99999999999");

  @Provide
  Arbitrary<TriggerType> types() {
    return Arbitraries.of(TriggerType.class);
  }

  @Provide
  Arbitrary<List<Integer>> picks() {
    return Arbitraries.integers().between(0, 1000).list().ofMaxSize(8);
  }

  @Provide
  Arbitrary<Integer> positions() {
    return Arbitraries.integers().between(0, 100_000);
  }

  @Provide
  Arbitrary<String> edits() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            "-",
            ":",
            " ",
            "\n",
            "0",
            "-1",
            "1.5",
            "''",
            "{",
            "}",
            "[",
            "]",
            "max: 0",
            "min: 9",
            "password: x",
            "FromEnv",
            "type: kafka",
            "Percent",
            "Disabled",
            "x-a: 1",
            "*",
            "&a",
            "1e9",
            "nan",
            ".inf",
            "~",
            "'",
            "\"",
            "\t"),
        Arbitraries.strings().ofMaxLength(6));
  }
}
