package dev.berth.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which project a command acts on, as Heroku's CLI picks the app of the current repository: {@code
 * --project} if given, else the {@code project:} of the {@code berth.yaml} in the working
 * directory. Only that top-level line is read — no YAML parser, no validation — so status and logs
 * keep working while the file is being edited, and short commands start fast.
 */
public final class ProjectContext {
  /** {@code project: lms}, {@code project: "lms"}, {@code project: 'lms' # comment}. */
  private static final Pattern PROJECT =
      Pattern.compile("^project:[ \\t]*(?:\"([^\"]*)\"|'([^']*)'|([^\\s#'\"]+))[ \\t]*(?:#.*)?$");

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
      for (String line : Files.readAllLines(spec, StandardCharsets.UTF_8)) {
        Optional<String> name = parseLine(line);
        if (name.isPresent()) {
          return name;
        }
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** The project name if {@code line} is the top-level {@code project:} line. */
  static Optional<String> parseLine(String line) {
    Matcher m = PROJECT.matcher(line.stripTrailing());
    if (!m.matches()) {
      return Optional.empty();
    }
    for (int g = 1; g <= 3; g++) {
      if (m.group(g) != null && !m.group(g).isBlank()) {
        return Optional.of(m.group(g).trim());
      }
    }
    return Optional.empty();
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
