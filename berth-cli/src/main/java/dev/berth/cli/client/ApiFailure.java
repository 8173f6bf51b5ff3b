package dev.berth.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.CliException;

/** An error response from the API: its HTTP status, error code, message and details. */
public final class ApiFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;
  private final int status;
  private final String code;
  private final transient JsonNode details;

  ApiFailure(int exitCode, int status, String code, String message, JsonNode details) {
    super(message);
    this.exitCode = exitCode;
    this.status = status;
    this.code = code;
    this.details = details;
  }

  public int exitCode() {
    return exitCode;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public JsonNode details() {
    return details;
  }

  public CliException toCli() {
    return new CliException(exitCode, getMessage());
  }
}
