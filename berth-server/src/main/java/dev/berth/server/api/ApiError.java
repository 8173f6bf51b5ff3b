package dev.berth.server.api;

import java.util.List;

/**
 * The error body of every failed API call: {@code {"error": {"code", "message", "details"}}}.
 *
 * @param error the error
 */
public record ApiError(Body error) {
  /**
   * @param code stable machine-readable code, e.g. {@code invalid_spec}, {@code unauthorized}
   * @param message a sentence for a person, saying what to do next
   * @param details structured details (spec problems, ...), possibly empty
   */
  public record Body(String code, String message, List<Object> details) {}

  public static ApiError of(String code, String message, List<?> details) {
    // every error body is made here: a message quoting a command or an output never shows a secret
    String safe = dev.berth.engine.config.Redactor.shared().redact(message);
    return new ApiError(new Body(code, safe, List.copyOf(details)));
  }

  public static ApiError of(String code, String message) {
    return of(code, message, List.of());
  }
}
