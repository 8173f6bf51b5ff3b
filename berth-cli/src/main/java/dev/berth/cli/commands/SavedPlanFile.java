package dev.berth.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cli.CliException;
import dev.berth.cli.client.CliJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A plan saved by {@code berth plan --out plan.json}: the plan as the server made it, what it pins
 * (the environment's state serial, the spec's and the plan's digests) and the request to apply it
 * with (the spec text, Procfile and directory), so {@code berth apply plan.json} applies exactly
 * what was reviewed, from any directory.
 *
 * <p>Format {@value #FORMAT}: {@code {"format", "project", "environment", "serial", "specDigest",
 * "planDigest", "request": {...apply body...}, "code": {"dir", "specName"}, "plan": {...}}}. No
 * secret value is in it: the plan shows them as {@code (sensitive)}.
 */
final class SavedPlanFile {
  static final String FORMAT = "berth-plan/1";

  private SavedPlanFile() {}

  /**
   * Writes the plan {@code doc} (the plan API's answer) made for {@code request} to {@code file}.
   */
  static void write(Path file, JsonNode doc, Map<String, Object> request, Path dir, String specName)
      throws IOException {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("format", FORMAT);
    out.put("project", doc.path("project").asText());
    out.put("environment", doc.path("environment").asText());
    out.put("serial", doc.path("serial").asLong());
    out.put("specDigest", doc.path("specDigest").asText());
    out.put("planDigest", doc.path("planDigest").asText());
    out.put("request", request);
    out.put("code", Map.of("dir", dir.toString(), "specName", specName));
    out.put("plan", doc.path("plan"));
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, CliJson.pretty().writeValueAsString(out));
  }

  /**
   * Reads a saved plan.
   *
   * @throws CliException exit 2 for a missing file or one that is not a saved plan
   */
  static JsonNode read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw CliException.invalid(
          "no saved plan at " + file + ": make one with berth plan --out " + file.getFileName());
    }
    JsonNode n;
    try {
      n = CliJson.mapper().readTree(Files.readString(file));
    } catch (IOException e) {
      throw CliException.invalid(
          file
              + " is not a saved plan (not JSON: "
              + e.getMessage()
              + "); make one with berth plan --out");
    }
    if (n == null
        || !FORMAT.equals(n.path("format").asText())
        || !n.path("request").isObject()
        || !n.path("serial").canConvertToLong()) {
      throw CliException.invalid(
          file
              + " is not a saved plan of this version of Berth (format "
              + FORMAT
              + "); make one with berth plan --out");
    }
    return n;
  }

  /** The apply body of a saved plan: its request, with what it pins. */
  static ObjectNode applyBody(JsonNode saved, String artifact) {
    ObjectNode body = ((ObjectNode) saved.path("request")).deepCopy();
    body.put("artifact", artifact);
    ObjectNode pins = body.putObject("plan");
    pins.put("serial", saved.path("serial").asLong());
    pins.put("specDigest", saved.path("specDigest").asText());
    pins.put("planDigest", saved.path("planDigest").asText());
    return body;
  }
}
