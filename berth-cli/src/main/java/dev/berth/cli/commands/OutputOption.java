package dev.berth.cli.commands;

import dev.berth.cli.CliException;
import picocli.CommandLine.Option;

/** {@code -o json|text} on every read command: text for people, JSON for scripts. */
public final class OutputOption {
  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description = "Output format: text or json (default: ${DEFAULT-VALUE}).",
      defaultValue = "text")
  String format;

  public boolean json() {
    if (!format.equals("json") && !format.equals("text")) {
      throw CliException.invalid("-o must be 'text' or 'json', got '" + format + "'");
    }
    return format.equals("json");
  }
}
