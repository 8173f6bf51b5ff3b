package dev.berth.engine.app;

import java.util.List;

/**
 * A request the control plane refuses, with a stable machine-readable code and a message that says
 * what to do next. The API maps it to {@code {"error": {"code", "message", "details"}}} with the
 * HTTP status given here; the CLI maps it to an exit code.
 */
public final class AppException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What kind of refusal: decides the HTTP status and the CLI exit code. */
  public enum Kind {
    /** The input is wrong (400; CLI exit 2). */
    INVALID,
    /** The thing named does not exist (404; CLI exit 1). */
    NOT_FOUND,
    /** The request conflicts with the current state (409; CLI exit 1). */
    CONFLICT,
    /** Something Berth cannot do here, yet or at all (501; CLI exit 1). */
    UNSUPPORTED,
    /** The control plane's disk is full; nothing was changed (507; CLI exit 1). */
    NO_SPACE
  }

  private final Kind kind;
  private final String code;
  private final transient List<Object> details;

  public AppException(Kind kind, String code, String message) {
    this(kind, code, message, List.of());
  }

  public AppException(Kind kind, String code, String message, List<?> details) {
    super(message);
    this.kind = kind;
    this.code = code;
    this.details = List.copyOf(details);
  }

  public Kind kind() {
    return kind;
  }

  public String code() {
    return code;
  }

  public List<Object> details() {
    return details;
  }
}
