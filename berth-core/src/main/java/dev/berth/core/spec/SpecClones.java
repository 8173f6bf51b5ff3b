package dev.berth.core.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * A spec with one environment cloned under another name: what {@code berth env create preview-42
 * --from staging} and a pull request's preview environment apply, so the new environment runs
 * exactly the overrides of the one it was cloned from, without the user declaring it in {@code
 * berth.yaml}.
 *
 * <p>Pure: text in, text out. Invariants: a spec that declares no {@code environments} (any name is
 * accepted and runs the base services) or that already declares {@code to} is returned unchanged,
 * character for character; otherwise the result parses to the same project with {@code to} declared
 * as a copy of {@code from}. Comments and formatting are not kept in the rewritten text (the
 * release records it as applied; the original stays in git).
 */
public final class SpecClones {
  private static final YAMLMapper YAML =
      new YAMLMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .build());

  private SpecClones() {}

  /**
   * The spec with environment {@code to} declared as a copy of {@code from}.
   *
   * @throws IllegalArgumentException when the spec declares environments but not {@code from}, or
   *     is not a YAML mapping (the message says what to do)
   */
  public static String withEnvironment(String yaml, String from, String to) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the spec is not valid YAML: " + e.getOriginalMessage());
    }
    if (!(root instanceof ObjectNode doc)) {
      throw new IllegalArgumentException("the spec is not a YAML mapping");
    }
    JsonNode envs = doc.get("environments");
    if (!(envs instanceof ObjectNode declared) || declared.isEmpty()) {
      return yaml;
    }
    if (declared.has(to)) {
      return yaml;
    }
    JsonNode source = declared.get(from);
    if (source == null) {
      throw new IllegalArgumentException(
          "environment '"
              + from
              + "' is not declared in the spec, so '"
              + to
              + "' cannot copy its overrides; declared: "
              + String.join(", ", (Iterable<String>) declared::fieldNames));
    }
    declared.set(to, source.deepCopy());
    try {
      return YAML.writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the cloned spec: " + e.getMessage(), e);
    }
  }
}
