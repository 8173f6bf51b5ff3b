package dev.berth.server.api;

/** The API could not listen: most often the port is already in use. */
public final class ApiStartException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ApiStartException(String host, int port, Throwable cause) {
    super(
        "cannot start the API on "
            + host
            + ":"
            + port
            + ": "
            + (isInUse(cause)
                ? "the port is already in use (another berth up?); stop it or pass --api-port"
                : String.valueOf(cause.getMessage())),
        cause);
  }

  private static boolean isInUse(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof java.net.BindException) {
        return true;
      }
    }
    return false;
  }
}
