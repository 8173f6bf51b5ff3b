package dev.berth.cli.commands;

/** Test access to the export's default release label. */
public final class ExportCommandAccess {
  private ExportCommandAccess() {}

  public static String defaultRelease(String yaml, String procfile) {
    return ExportCommand.defaultRelease(yaml, procfile);
  }
}
