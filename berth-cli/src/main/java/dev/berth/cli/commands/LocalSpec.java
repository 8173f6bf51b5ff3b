package dev.berth.cli.commands;

import dev.berth.cli.Cli;
import dev.berth.cli.CliException;
import dev.berth.cli.term.Term;
import dev.berth.core.model.ProjectSpec;
import dev.berth.core.spec.Problem;
import dev.berth.core.spec.SpecException;
import dev.berth.core.spec.SpecParser;
import dev.berth.core.spec.SpecSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads and parses a spec from disk (with the Procfile beside it) for commands without a server.
 */
final class LocalSpec {
  private LocalSpec() {}

  /**
   * The parsed spec; on problems, prints them and fails with exit 2 and {@code whatNow}.
   *
   * @throws CliException when the file is missing or the spec has problems
   */
  static ProjectSpec read(Cli cli, Path file, String whatNow) throws IOException {
    Term t = cli.term();
    Path spec = cli.cwd().resolve(file).toAbsolutePath().normalize();
    if (!Files.isRegularFile(spec)) {
      throw CliException.invalid("no spec at " + spec + ": pass -f with the path of berth.yaml");
    }
    String yaml = Files.readString(spec, StandardCharsets.UTF_8);
    Path procfilePath = spec.getParent().resolve("Procfile");
    String procfile =
        Files.isRegularFile(procfilePath)
            ? Files.readString(procfilePath, StandardCharsets.UTF_8)
            : "";
    try {
      return SpecParser.parse(new SpecSource(spec.getFileName().toString(), yaml, procfile));
    } catch (SpecException e) {
      List<Problem> problems = e.problems();
      t.say(
          t.red(
              "The spec has "
                  + problems.size()
                  + (problems.size() == 1 ? " problem:" : " problems:")));
      problems.forEach(p -> t.say("  " + p));
      throw CliException.invalid(whatNow);
    }
  }
}
