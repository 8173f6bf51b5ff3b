package dev.berth.core.spec;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the parser: only {@link SpecException} may escape, and its problems point inside the
 * input. Under surefire this runs the stored inputs in {@code SpecParserFuzzTestInputs} as a
 * regression test; {@code JAZZER_FUZZ=1} fuzzes for real.
 */
class SpecParserFuzzTest {

  private static final String[] KEYS = {
    "project",
    "services",
    "web",
    "worker",
    "type",
    "command",
    "port",
    "replicas",
    "resources",
    "cpu",
    "memory",
    "env",
    "health",
    "http",
    "tcp",
    "exec",
    "interval",
    "schedule",
    "timezone",
    "concurrency",
    "startingDeadline",
    "missedRuns",
    "retries",
    "limit",
    "backoff",
    "maxBackoff",
    "suspend",
    "history",
    "successful",
    "failed",
    "environments",
    "staging",
    "target",
    "release",
    "build",
    "timeout",
    "deploy",
    "strategy",
    "maxSurge",
    "maxUnavailable",
    "minReady",
    "progressDeadline",
    "watch",
    "errorRate",
    "latencyP95",
    "autoscale",
    "min",
    "max",
    "triggers",
    "- type: redis-list",
    "listLength",
    "behavior",
    "scaleDown",
    "policies",
    "fallback",
    "advanced",
    "formula",
    "<<",
    "x-a"
  };

  @FuzzTest(maxDuration = "30s")
  void arbitraryBytes(byte[] data) {
    SpecParserProperties.check(new String(data, StandardCharsets.UTF_8));
  }

  @FuzzTest(maxDuration = "30s")
  void arbitraryYaml(FuzzedDataProvider data) {
    StringBuilder yaml = new StringBuilder("project: shop\nservices:\n");
    int lines = data.consumeInt(0, 30);
    for (int i = 0; i < lines && data.remainingBytes() > 0; i++) {
      int indent = 2 * data.consumeInt(1, 4);
      yaml.append(" ".repeat(indent));
      if (data.consumeBoolean()) {
        yaml.append(data.pickValue(KEYS));
      } else {
        yaml.append(data.consumeString(12));
      }
      yaml.append(':');
      if (data.consumeBoolean()) {
        yaml.append(' ').append(data.consumeString(24));
      }
      yaml.append('\n');
    }
    SpecParserProperties.check(yaml.toString());
  }
}
