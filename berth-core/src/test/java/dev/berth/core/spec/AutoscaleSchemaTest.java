package dev.berth.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.berth.core.model.TriggerType;
import dev.berth.core.spec.internal.Keys;
import dev.berth.core.spec.internal.TriggerParams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The autoscale part of {@code docs/berth.schema.json} against the parser: the same keys at every
 * level (each trigger type's from {@link TriggerParams}), and the same verdict on sample blocks.
 */
class AutoscaleSchemaTest {

  private static JsonNode defs;
  private static Schema schema;

  @BeforeAll
  static void load() throws IOException {
    String text = Files.readString(Path.of("..", "docs", "berth.schema.json"));
    defs = new ObjectMapper().readTree(text).get("$defs");
    schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(text);
  }

  @Test
  void theSchemaNamesTheAutoscaleKeysTheParserKnows() {
    JsonNode a = defs.get("autoscale").get("properties");
    assertThat(keys(a)).isEqualTo(new TreeSet<>(Keys.AUTOSCALE));
    assertThat(keys(a.get("behavior").get("properties"))).isEqualTo(new TreeSet<>(Keys.BEHAVIOR));
    for (String dir : Keys.BEHAVIOR) {
      assertThat(keys(a.get("behavior").get("properties").get(dir).get("properties")))
          .isEqualTo(new TreeSet<>(Keys.SCALING_RULES));
    }
    assertThat(keys(a.get("fallback").get("properties"))).isEqualTo(new TreeSet<>(Keys.FALLBACK));
    assertThat(keys(a.get("advanced").get("properties"))).isEqualTo(new TreeSet<>(Keys.ADVANCED));
    assertThat(keys(defs.get("scalingPolicy").get("properties")))
        .isEqualTo(new TreeSet<>(Keys.POLICY));
  }

  @ParameterizedTest
  @EnumSource(TriggerType.class)
  void eachTriggerTypeHasTheParserKeys(TriggerType type) {
    JsonNode t = defs.get("trigger-" + type.wireName());
    assertThat(t).as("schema for " + type.wireName()).isNotNull();
    assertThat(keys(t.get("properties"))).isEqualTo(new TreeSet<>(TriggerParams.keys(type)));
  }

  static Stream<Arguments> blocks() {
    return Stream.of(
        arguments("the full example", AutoscaleSpecTest.FULL, true),
        arguments("no max", AutoscaleSpecTest.w("{triggers: [{type: cpu, value: 5}]}"), false),
        arguments("no triggers", AutoscaleSpecTest.w("{max: 3}"), false),
        arguments(
            "max 0", AutoscaleSpecTest.w("{max: 0, triggers: [{type: cpu, value: 5}]}"), false),
        arguments(
            "unknown type",
            AutoscaleSpecTest.w("{max: 3, triggers: [{type: kafka, x: 1}]}"),
            false),
        arguments(
            "inline password",
            AutoscaleSpecTest.w(
                "{max: 3, triggers: [{type: redis-list, address: a, password: p, listName: q,"
                    + " listLength: 5}]}"),
            false),
        arguments(
            "no target",
            AutoscaleSpecTest.w(
                "{max: 3, triggers: [{type: metrics-api, url: 'http://a/b', valueLocation: v}]}"),
            false),
        arguments(
            "two connections",
            AutoscaleSpecTest.w(
                "{max: 3, triggers: [{type: redis-list, address: a, hostFromEnv: H, listName: q,"
                    + " listLength: 5}]}"),
            false),
        arguments(
            "target zero",
            AutoscaleSpecTest.w("{max: 3, triggers: [{type: http, targetConcurrency: 0}]}"),
            false),
        arguments(
            "bad policy type",
            AutoscaleSpecTest.w(
                "{min: 1, max: 3, triggers: [{type: cpu, value: 5}], behavior: {scaleUp: {policies:"
                    + " [{type: pods, value: 1, period: 1s}]}}}"),
            false),
        arguments(
            "formula without target",
            AutoscaleSpecTest.w(
                "{min: 1, max: 3, triggers: [{type: cpu, value: 5}], advanced: {formula: cpu}}"),
            false),
        arguments(
            "a disabled scale-down",
            AutoscaleSpecTest.w(
                "{min: 1, max: 3, triggers: [{type: cpu, value: 5}], behavior: {scaleDown: {selectPolicy:"
                    + " Disabled}}}"),
            true),
        arguments(
            "autoscale on a cron service",
            "project: shop\nservices:\n  r: {schedule: '@daily', command: a, autoscale: {max: 2,"
                + " triggers: [{type: cpu, value: 5}]}}\n",
            false),
        arguments(
            "cpu alone with min 0",
            AutoscaleSpecTest.w("{max: 3, triggers: [{type: cpu, value: 5}]}"),
            false),
        arguments(
            "memory alone with min 1",
            AutoscaleSpecTest.w("{min: 1, max: 3, triggers: [{type: memory, value: 5}]}"),
            true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("blocks")
  void schemaAndParserAgree(String name, String yaml, boolean valid) {
    boolean schemaValid = schema.validate(yaml, InputFormat.YAML).isEmpty();
    boolean parses;
    try {
      SpecParser.parse(new SpecSource("berth.yaml", yaml, null));
      parses = true;
    } catch (SpecException e) {
      parses = false;
    }
    assertThat(schemaValid).as("schema").isEqualTo(valid);
    assertThat(parses).as("parser").isEqualTo(valid);
  }

  private static TreeSet<String> keys(JsonNode object) {
    TreeSet<String> out = new TreeSet<>();
    Iterator<String> it = object.propertyNames().iterator();
    it.forEachRemaining(out::add);
    return out;
  }
}
