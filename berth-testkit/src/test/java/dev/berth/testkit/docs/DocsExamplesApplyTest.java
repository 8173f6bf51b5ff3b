package dev.berth.testkit.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.berth.core.model.ProjectSpec;
import dev.berth.core.spec.SpecParser;
import dev.berth.core.spec.SpecSource;
import dev.berth.engine.app.AppException;
import dev.berth.engine.app.ApplyRequest;
import dev.berth.engine.app.status.ServiceState;
import dev.berth.engine.app.status.ServiceView;
import dev.berth.testkit.MutableClock;
import dev.berth.testkit.engine.EngineHarness;
import dev.berth.testkit.runtime.FakeRuntime;
import dev.berth.testkit.store.InMemoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every YAML example in docs/spec.md is applied, not only parsed: through the engine (over a fake
 * runtime), every environment it declares, until its replicas run. A fragment (a {@code resources:}
 * line, one cron service) is applied inside the smallest spec that holds it; a fragment of a kind
 * this test does not know fails it, so a new example cannot go untested.
 *
 * <p>What the reference says is refused must be refused, with the words it uses: the problems
 * example ({@code invalid_spec}) and an environment with {@code target: kubernetes} ({@code
 * unsupported_target}, until the Kubernetes target lands).
 */
class DocsExamplesApplyTest {
  static final Path SPEC_MD = Path.of("..", "docs", "spec.md");
  static final String PROCFILE = "web: ./server\nrelease: ./migrate\n";
  static final Pattern YAML_BLOCK =
      Pattern.compile("^( *)```yaml\n(.*?)^ *```", Pattern.DOTALL | Pattern.MULTILINE);

  /** Keys of one service: a fragment starting with one is a service's settings. */
  static final Set<String> SERVICE_KEYS =
      Set.of("type", "command", "port", "replicas", "resources", "env", "health", "schedule");

  /** Top-level keys that need services beside them. */
  static final Set<String> TOP_KEYS = Set.of("release", "environments");

  static final String BASE = "project: docs\nservices:\n  web:\n    command: ./server\n";

  @TempDir Path app;

  @Test
  void everyExampleInTheReferenceApplies() throws Exception {
    String doc = Files.readString(SPEC_MD);
    Matcher m = YAML_BLOCK.matcher(doc);
    int applied = 0;
    int refusedAsDocumented = 0;
    while (m.find()) {
      String yaml = dedent(m.group(2), m.group(1).length());
      String spec = complete(yaml);
      if (spec == null) {
        continue; // a comment only (the editor-support line)
      }
      if (yaml.contains("replica: 2")) { // the problems example
        assertThatThrownBy(() -> apply(spec, "production"))
            .as(spec)
            .isInstanceOfSatisfying(
                AppException.class, e -> assertThat(e.code()).isEqualTo("invalid_spec"));
        refusedAsDocumented++;
        continue;
      }
      ProjectSpec parsed = SpecParser.parse(new SpecSource("berth.yaml", spec, PROCFILE));
      List<String> envs =
          parsed.environments().isEmpty()
              ? List.of(ProjectSpec.DEFAULT_ENVIRONMENT)
              : new ArrayList<>(parsed.environments().keySet());
      for (String env : envs) {
        if (parsed.environment(env).target().wireName().equals("kubernetes")) {
          assertThatThrownBy(() -> apply(spec, env))
              .as(spec)
              .isInstanceOfSatisfying(
                  AppException.class,
                  e -> {
                    assertThat(e.code()).isEqualTo("unsupported_target");
                    assertThat(doc.replace("\n> ", " "))
                        .contains(e.getMessage().replace(env, "production"));
                  });
          refusedAsDocumented++;
        } else {
          applied += apply(spec, env);
        }
      }
    }
    assertThat(applied).as("environments applied").isGreaterThanOrEqualTo(8);
    assertThat(refusedAsDocumented).as("refusals the reference documents").isEqualTo(2);
    assertThat(doc)
        .as("the reference says target: kubernetes is refused at apply")
        .contains("`berth apply` refuses such an environment (`unsupported_target`");
  }

  /** Applies to a fresh engine and runs it until every service runs; returns 1. */
  int apply(String spec, String environment) {
    MutableClock clock = MutableClock.atEpoch2026();
    EngineHarness h = new EngineHarness(clock, new InMemoryStore(), new FakeRuntime(clock));
    var r =
        h.apply.apply(
            new ApplyRequest(
                "berth.yaml",
                spec,
                PROCFILE,
                app.toString(),
                environment,
                new dev.berth.engine.app.Actor("tester", "test"),
                "",
                "",
                null));
    h.runUntilIdle();
    h.releaseCommands.succeedAll(); // a spec with a release command: the migration succeeds
    h.runUntilIdle();
    h.readyAll();
    List<ServiceView> services = h.status(r.project(), environment).services();
    assertThat(services).as(spec).isNotEmpty();
    for (ServiceView s : services) {
      assertThat(s.state())
          .as("%s in %s of:\n%s", s.name(), environment, spec)
          .isIn(ServiceState.RUNNING, ServiceState.SCHEDULED);
    }
    return 1;
  }

  /** The smallest complete spec holding {@code yaml}, or null for a comment only. */
  static String complete(String yaml) {
    String first = firstKey(yaml);
    if (first == null) {
      return null;
    }
    if (first.equals("project")) {
      return yaml;
    }
    if (yaml.contains("\nservices:\n") || yaml.startsWith("services:\n")) {
      return "project: docs\n" + yaml;
    }
    if (TOP_KEYS.contains(first)) {
      return BASE + yaml;
    }
    if (SERVICE_KEYS.contains(first)) {
      return BASE + indent(yaml, 4);
    }
    if (yaml.lines().skip(1).allMatch(l -> l.isBlank() || l.startsWith("  "))) {
      return "project: docs\nservices:\n" + indent(yaml, 2); // one service
    }
    return fail("an example in docs/spec.md of a kind this test cannot apply:\n" + yaml);
  }

  static String firstKey(String yaml) {
    for (String line : yaml.lines().toList()) {
      String t = line.strip();
      if (!t.isEmpty() && !t.startsWith("#")) {
        int colon = t.indexOf(':');
        return colon < 0 ? t : t.substring(0, colon);
      }
    }
    return null;
  }

  static String indent(String yaml, int n) {
    StringBuilder b = new StringBuilder();
    yaml.lines().forEach(l -> b.append(" ".repeat(n)).append(l).append('\n'));
    return b.toString();
  }

  static String dedent(String yaml, int n) {
    if (n == 0) {
      return yaml;
    }
    StringBuilder b = new StringBuilder();
    yaml.lines().forEach(l -> b.append(l.length() >= n ? l.substring(n) : l.strip()).append('\n'));
    return b.toString();
  }
}
