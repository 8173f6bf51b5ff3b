package dev.berth.router;

/**
 * The router could not start, with a message that tells a person what to do next (for example that
 * the port is already in use and how to pick another one).
 */
public final class RouterStartException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RouterStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
