package dev.berth.cli;

/**
 * A failure the CLI reports to a person on stderr, with the exit code scripts rely on: 1 the
 * operation failed, 2 invalid input, 3 cannot reach or authenticate to the server.
 */
public final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public static final int FAILED = 1;
  public static final int INVALID = 2;
  public static final int UNREACHABLE = 3;

  private final int exitCode;

  public CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }

  public static CliException invalid(String message) {
    return new CliException(INVALID, message);
  }

  public static CliException failed(String message) {
    return new CliException(FAILED, message);
  }
}
