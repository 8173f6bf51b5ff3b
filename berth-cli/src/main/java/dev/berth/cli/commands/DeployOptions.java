package dev.berth.cli.commands;

import picocli.CommandLine.Option;

/**
 * The options every command that makes a release shares ({@code rollback}, {@code promote}): why,
 * whether to ask, whether and how long to follow the new release.
 */
public final class DeployOptions {
  @Option(
      names = {"-m", "--message"},
      paramLabel = "TEXT",
      description = "Why: kept with the new release.")
  String message;

  @Option(
      names = {"-y", "--yes"},
      description = "Do not ask for confirmation (needed without a terminal).")
  boolean yes;

  @Option(
      names = "--no-wait",
      description = "Return once the new release is stored, without waiting for replicas.")
  boolean noWait;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "5m",
      description = "How long to wait for the new release to go live (default: ${DEFAULT-VALUE}).")
  String timeout;
}
