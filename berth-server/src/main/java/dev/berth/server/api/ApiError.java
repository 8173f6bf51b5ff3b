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
    return new ApiError(new Body(code, message, List.copyOf(details)));
  }

  public static ApiError of(String code, String message) {
    return of(code, message, List.of());
  }
}
