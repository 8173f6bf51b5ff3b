package dev.berth.runtime.local.internal.proc;

/** A replica could not be started at all; the message says why and what to do. */
public final class LaunchException extends Exception {
  public LaunchException(String message) {
    super(message);
  }

  public LaunchException(String message, Throwable cause) {
    super(message, cause);
  }
}
