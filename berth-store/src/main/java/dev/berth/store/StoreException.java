package dev.berth.store;

/**
 * The store cannot be opened or used, for a reason a person can fix: an unusable data directory, an
 * unreachable PostgreSQL, a database written by a newer Berth.
 *
 * <p>Invariant: the message is one line that says what failed, why, and what to do next (which flag
 * to change), never contains a password, and is meant to be printed as is, without a stack trace.
 * The technical cause, if any, is kept as {@link #getCause()} for logs.
 */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
