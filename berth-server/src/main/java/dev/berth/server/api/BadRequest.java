package dev.berth.server.api;

/** A malformed API request (bad query parameter, missing body field): HTTP 400. */
final class BadRequest extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String code;

  BadRequest(String code, String message) {
    super(message);
    this.code = code;
  }

  String code() {
    return code;
  }
}
