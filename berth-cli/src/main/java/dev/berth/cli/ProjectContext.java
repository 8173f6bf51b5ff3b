package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which project a command acts on, as Heroku's CLI picks the app of the current repository: {@code
 * --project} if given, else the {@code project:} of the {@code berth.yaml} in the working
 * directory. Reading the name does not validate the whole spec, so status and logs keep working
 * while the file is being edited.
 */
public final class ProjectContext {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ProjectContext() {}

  public static Optional<String> detect(String explicit, Path cwd) {
    if (explicit != null && !explicit.isBlank()) {
      return Optional.of(explicit.trim());
    }
    Path spec = cwd.resolve("berth.yaml");
    if (!Files.isRegularFile(spec)) {
      return Optional.empty();
    }
    try {
      JsonNode n = YAML.readTree(spec.toFile());
      JsonNode p = n == null ? null : n.get("project");
      return p != null && p.isTextual() && !p.asText().isBlank()
          ? Optional.of(p.asText())
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The project, or a clear error saying how to name one. */
  public static String require(String explicit, Path cwd) {
    return detect(explicit, cwd)
        .orElseThrow(
            () ->
                CliException.invalid(
                    "which project? Run this in a directory holding a berth.yaml, or pass --project NAME"));
  }
}
