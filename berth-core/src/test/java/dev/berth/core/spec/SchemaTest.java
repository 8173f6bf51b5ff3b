package dev.berth.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.berth.core.spec.internal.Keys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Keeps {@code docs/berth.schema.json} and the parser in step: the same specs are valid (or not)
 * for both, and the schema names exactly the keys the parser knows at each level.
 */
class SchemaTest {

  private static final Path SCHEMA_FILE = Path.of("..", "docs", "berth.schema.json");
  private static final String PROCFILE = "web: ./server\nworker: ./work\nreport: ./report\n";
  private static final String HEAD = "project: shop\nservices:\n";

  private static Schema schema;
  private static JsonNode schemaJson;

  @BeforeAll
  static void load() throws IOException {
    String text = Files.readString(SCHEMA_FILE);
    schemaJson = new ObjectMapper().readTree(text);
    schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(text);
  }

  static Stream<Arguments> specs() {
    return Stream.of(
        arguments("minimal", HEAD + "  web: {command: ./server}\n", true),
        arguments("design example", DesignExample.YAML.replace(DesignExample.AUTOSCALE, ""), true),
        arguments("commands from the Procfile", HEAD + "  web:\n  worker:\n", true),
        arguments(
            "every key",
            "version: 1\nx-note: hi\n"
                + HEAD
                + "  api:\n    type: web\n    command: a\n    port: 9000\n    replicas: 3\n"
                + "    deploy: {strategy: rolling, maxSurge: 1, maxUnavailable: 0%, minReady: 5s,"
                + " progressDeadline: 20s, autoRollback: false, watch: 0s, errorRate: 0.5%,"
                + " latencyP95: 300ms}\n"
                + "    resources: {cpu: 1.5, memory: 1.5Gi}\n"
                + "    env: {LOG: debug, N: 4, B: true}\n"
                + "    health: {http: /health, interval: 5s, timeout: 500ms, initialDelay: 1m30s,"
                + " startupTimeout: 2m, failureThreshold: 5, liveness: false}\n"
                + "  nightly: {type: cron, command: r, schedule: \"30 2 * * 1-5\","
                + " timezone: Europe/Paris, concurrency: replace}\n"
                + "  report: {schedule: \"@daily\"}\n"
                + "  worker: {health: {exec: ./ping}, resources: {cpu: 250m, memory: 268435456}}\n"
                + "  queue: {command: q, deploy: {strategy: recreate, maxSurge: 0, maxUnavailable: 1}}\n"
                + "build: {command: npm ci, timeout: 30m}\n"
                + "release: {command: ./migrate, timeout: 2h}\n"
                + "environments:\n  production: {target: kubernetes, services: {api: {image: r/api:1},"
                + " nightly: {image: r/n:1}, report: {image: r/r:1}, worker: {image: r/w:1},"
                + " queue: {image: \"registry.example.com:5000/q@sha256:"
                + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\"}}}\n"
                + "  preview:\n"
                + "  staging: {services: {api: {replicas: 1, env: {LOG: }, health: none,"
                + " user: app}}}\n",
            true),
        arguments("autoscale", DesignExample.YAML, true),
        arguments(
            "every cron key",
            HEAD
                + "  report:\n    schedule: \"0 2 ? * MON-FRI\"\n    timezone: Europe/Paris\n"
                + "    concurrency: allow\n    startingDeadline: 5m\n    missedRuns: skip\n"
                + "    timeout: 1h30m\n    retries: {limit: 3, backoff: 5s, maxBackoff: 1m}\n"
                + "    suspend: true\n    history: {successful: 10, failed: 0}\n"
                + "  nightly: {command: n, schedule: \"@daily\", retries: 2, missedRuns: run-latest}\n"
                + "  never: {command: n, schedule: \"0 0 30 2 *\"}\n",
            true),
        arguments(
            "cron keys in an override",
            HEAD
                + "  report: {schedule: \"@hourly\"}\nenvironments:\n  staging: {services: {report:"
                + " {suspend: true, timeout: 10m, history: {failed: 5}}}}\n",
            true),
        arguments("timeout on a worker", HEAD + "  worker: {command: a, timeout: 1h}\n", false),
        arguments(
            "retries too many", HEAD + "  report: {schedule: \"@daily\", retries: 101}\n", false),
        arguments(
            "a bad missedRuns",
            HEAD + "  report: {schedule: \"@daily\", missedRuns: replay}\n",
            false),
        arguments(
            "startingDeadline 0s",
            HEAD + "  report: {schedule: \"@daily\", startingDeadline: 0s}\n",
            false),
        arguments(
            "unknown history key",
            HEAD + "  report: {schedule: \"@daily\", history: {success: 3}}\n",
            false),
        arguments(
            "deploy with percentages as text",
            HEAD + "  web: {command: a, deploy: {maxSurge: \"2\", maxUnavailable: 100%}}\n",
            true),
        arguments(
            "latencyP95 off", HEAD + "  web: {command: a, deploy: {latencyP95: off}}\n", true),
        arguments(
            "deploy in an override",
            HEAD
                + "  web: {command: a}\nenvironments:\n  staging: {services: {web: {deploy:"
                + " {strategy: recreate}}}}\n",
            true),
        arguments(
            "maxSurge and maxUnavailable both 0",
            HEAD + "  web: {command: a, deploy: {maxSurge: 0, maxUnavailable: 0%}}\n",
            false),
        arguments(
            "maxSurge above 100%", HEAD + "  web: {command: a, deploy: {maxSurge: 150%}}\n", false),
        arguments(
            "a fractional surge", HEAD + "  web: {command: a, deploy: {maxSurge: 2.5%}}\n", false),
        arguments(
            "a bad strategy",
            HEAD + "  web: {command: a, deploy: {strategy: blue-green}}\n",
            false),
        arguments(
            "errorRate without %",
            HEAD + "  web: {command: a, deploy: {errorRate: 0.05}}\n", false),
        arguments(
            "progressDeadline 0s",
            HEAD + "  web: {command: a, deploy: {progressDeadline: 0s}}\n",
            false),
        arguments(
            "deploy on a cron service",
            HEAD + "  report: {command: a, schedule: \"@daily\", deploy: {watch: 0s}}\n",
            false),
        arguments(
            "build without a command", HEAD + "  web: {command: a}\nbuild: {timeout: 5m}\n", false),
        arguments("build as a string", HEAD + "  web: {command: a}\nbuild: npm ci\n", false),
        arguments(
            "release timeout without unit",
            HEAD + "  web: {command: a}\nrelease: {command: m, timeout: \"60\"}\n",
            false),
        arguments("unknown key", HEAD + "  web: {command: a, replica: 2}\n", false),
        arguments("a word for a number", HEAD + "  web: {command: a, replicas: two}\n", false),
        arguments("too many replicas", HEAD + "  web: {command: a, replicas: 101}\n", false),
        arguments("port 0", HEAD + "  web: {command: a, port: 0}\n", false),
        arguments("a user that is no user name", HEAD + "  web: {command: a, user: Bob}\n", false),
        arguments("as many services as allowed", services(SpecLimits.MAX_SERVICES), true),
        arguments("one service too many", services(SpecLimits.MAX_SERVICES + 1), false),
        arguments(
            "a command as long as allowed",
            HEAD
                + "  web:\n    command: "
                + SpecAssertions.literal('a', SpecLimits.MAX_SCALAR_CHARS, 6),
            true),
        arguments(
            "a command one character too long",
            HEAD
                + "  web:\n    command: "
                + SpecAssertions.literal('a', SpecLimits.MAX_SCALAR_CHARS + 1, 6),
            false),
        arguments("bad project", "project: My App\nservices:\n  web: {command: a}\n", false),
        arguments("no services", "project: shop\nservices: {}\n", false),
        arguments("version 2", "version: 2\n" + HEAD + "  web: {command: a}\n", false),
        arguments("bad service name", HEAD + "  Web_1: {command: a}\n", false),
        arguments("cron without schedule", HEAD + "  report: {type: cron, command: a}\n", false),
        arguments(
            "schedule on a web service",
            HEAD + "  web: {type: web, command: a, schedule: \"@daily\"}\n",
            false),
        arguments(
            "replicas on a cron service",
            HEAD + "  report: {command: a, schedule: \"@daily\", replicas: 1}\n",
            false),
        arguments(
            "port on a worker", HEAD + "  worker: {type: worker, command: a, port: 80}\n", false),
        arguments("port on an implicit worker", HEAD + "  mailer: {command: a, port: 80}\n", false),
        arguments(
            "tcp probe on a worker", HEAD + "  worker: {command: a, health: {tcp: true}}\n", false),
        arguments(
            "timezone without a schedule", HEAD + "  web: {command: a, timezone: UTC}\n", false),
        arguments(
            "two probes", HEAD + "  web: {command: a, health: {http: /h, tcp: true}}\n", false),
        arguments("path without a slash", HEAD + "  web: {command: a, health: {http: h}}\n", false),
        arguments(
            "duration without unit",
            HEAD + "  web: {command: a, health: {interval: \"5\"}}\n",
            false),
        arguments(
            "failureThreshold 0",
            HEAD + "  web: {command: a, health: {failureThreshold: 0}}\n",
            false),
        arguments(
            "memory in MB", HEAD + "  web: {command: a, resources: {memory: 512MB}}\n", false),
        arguments(
            "cpu with a word", HEAD + "  web: {command: a, resources: {cpu: 2cores}}\n", false),
        arguments("env PORT", HEAD + "  web: {command: a, env: {PORT: 80}}\n", false),
        arguments("env BERTH_", HEAD + "  web: {command: a, env: {BERTH_X: 1}}\n", false),
        arguments("env name with a dash", HEAD + "  web: {command: a, env: {my-var: 1}}\n", false),
        arguments("env without a value", HEAD + "  web: {command: a, env: {X: }}\n", false),
        arguments(
            "bad concurrency",
            HEAD + "  report: {command: a, schedule: \"@daily\", concurrency: skip}\n",
            false),
        arguments("release as a string", HEAD + "  web: {command: a}\nrelease: ./migrate\n", false),
        arguments(
            "type in an override",
            HEAD
                + "  web: {command: a}\nenvironments:\n  staging: {services: {web: {type: worker}}}\n",
            false),
        arguments(
            "bad target",
            HEAD + "  web: {command: a}\nenvironments:\n  staging: {target: kubernetse}\n",
            false),
        arguments(
            "bad environment name",
            HEAD + "  web: {command: a}\nenvironments:\n  Prod: {}\n",
            false));
  }

  /** A spec with {@code n} workers, their commands from nowhere but the spec. */
  static String services(int n) {
    StringBuilder y = new StringBuilder(HEAD);
    for (int i = 0; i < n; i++) {
      y.append("  s").append(i).append(": {command: a}\n");
    }
    return y.toString();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specs")
  void schemaAndParserAgree(String name, String yaml, boolean valid) {
    List<Error> errors = schema.validate(yaml, InputFormat.YAML);
    String parserProblems = "";
    try {
      SpecParser.parse(new SpecSource("berth.yaml", yaml, PROCFILE));
    } catch (SpecException e) {
      parserProblems = e.getMessage();
    }
    boolean parses = parserProblems.isEmpty();

    assertThat(errors.isEmpty()).as("schema says valid; errors: %s", errors).isEqualTo(valid);
    assertThat(parses).as("parser says valid; %s", parserProblems).isEqualTo(valid);
  }

  @Test
  void theSchemaStatesTheLimitsTheParserApplies() {
    JsonNode defs = schemaJson.get("$defs");
    assertThat(schemaJson.get("properties").get("services").get("maxProperties").asInt())
        .isEqualTo(SpecLimits.MAX_SERVICES);
    assertThat(defs.get("serviceKeys").get("properties").get("replicas").get("maximum").asInt())
        .isEqualTo(SpecLimits.MAX_REPLICAS_PER_SERVICE);
    assertThat(defs.get("command").get("maxLength").asInt()).isEqualTo(SpecLimits.MAX_SCALAR_CHARS);
    for (String env : List.of("env", "envOverride")) {
      assertThat(defs.get(env).get("additionalProperties").get("maxLength").asInt())
          .as(env)
          .isEqualTo(SpecLimits.MAX_SCALAR_CHARS);
    }
  }

  @Test
  void aGeneratedSpecIsValidForTheSchema() throws SpecException {
    String yaml =
        SpecInit.fromProcfile("shop", "web: ./a\nworker: ./b\nrelease: ./c\nOdd_1: ./d\n");

    assertThat(schema.validate(yaml, InputFormat.YAML)).isEmpty();
  }

  @Test
  void theSchemaNamesExactlyTheKeysTheParserKnows() {
    JsonNode defs = schemaJson.get("$defs");
    assertThat(keys(schemaJson.get("properties"))).isEqualTo(new TreeSet<>(Keys.TOP));
    List<String> service = new ArrayList<>(keys(defs.get("serviceKeys").get("properties")));
    service.addAll(keys(defs.get("service").get("properties")));
    assertThat(new TreeSet<>(service)).isEqualTo(new TreeSet<>(Keys.SERVICE));
    assertThat(keys(defs.get("resources").get("properties")))
        .isEqualTo(new TreeSet<>(Keys.RESOURCES));
    assertThat(keys(defs.get("health").get("anyOf").get(1).get("properties")))
        .isEqualTo(new TreeSet<>(Keys.HEALTH));
    assertThat(keys(schemaJson.get("properties").get("release").get("properties")))
        .isEqualTo(new TreeSet<>(Keys.RELEASE));
    assertThat(keys(schemaJson.get("properties").get("build").get("properties")))
        .isEqualTo(new TreeSet<>(Keys.BUILD));
    assertThat(keys(defs.get("deploy").get("properties"))).isEqualTo(new TreeSet<>(Keys.DEPLOY));
    JsonNode cron = defs.get("serviceKeys").get("properties");
    assertThat(keys(cron.get("retries").get("anyOf").get(1).get("properties")))
        .isEqualTo(new TreeSet<>(Keys.RETRIES));
    assertThat(keys(cron.get("history").get("properties"))).isEqualTo(new TreeSet<>(Keys.HISTORY));
    assertThat(keys(defs.get("environment").get("properties")))
        .isEqualTo(new TreeSet<>(Keys.ENVIRONMENT));
  }

  @Test
  void everyKeyIsDescribed() {
    List<String> undescribed = new ArrayList<>();
    collectUndescribed(schemaJson, "", undescribed);
    assertThat(undescribed).isEmpty();
  }

  private static void collectUndescribed(JsonNode node, String path, List<String> out) {
    JsonNode props = node.get("properties");
    if (props != null) {
      for (String key : keys(props)) {
        JsonNode p = props.get(key);
        boolean described =
            p.isBoolean() || p.has("description") || p.has("$ref") && isDescribedRef(p);
        if (!described) {
          out.add(path + "/" + key);
        }
        collectUndescribed(p, path + "/" + key, out);
      }
    }
    if (node.isObject()) {
      for (String key : keys(node)) {
        if (!CONSTRAINTS.contains(key)
            && !key.equals("properties")
            && node.get(key).isContainer()) {
          JsonNode child = node.get(key);
          if (child.isArray()) {
            for (int i = 0; i < child.size(); i++) {
              collectUndescribed(child.get(i), path + "/" + key + "/" + i, out);
            }
          } else {
            collectUndescribed(child, path + "/" + key, out);
          }
        }
      }
    }
  }

  /** Places that constrain keys declared elsewhere rather than declare them. */
  private static final List<String> CONSTRAINTS = List.of("if", "then", "else", "not", "allOf");

  private static boolean isDescribedRef(JsonNode p) {
    String ref = p.get("$ref").asString();
    JsonNode target = schemaJson.at(ref.substring(1));
    return target.has("description");
  }

  private static TreeSet<String> keys(JsonNode object) {
    TreeSet<String> out = new TreeSet<>();
    Iterator<String> it = object.propertyNames().iterator();
    it.forEachRemaining(out::add);
    return out;
  }
}
