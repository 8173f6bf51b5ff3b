package dev.berth.triggers;

import dev.berth.core.autoscale.Reading;
import dev.berth.engine.autoscale.TriggerConfig;
import dev.berth.engine.autoscale.TriggerSource;
import java.time.Duration;

/**
 * The shared shell of every source: a read that never throws. {@link #measure} does the IO and may
 * throw anything; this turns it into a {@link Reading}, drops the connection after a failure (the
 * next read reconnects), and cleans the message of secrets.
 *
 * <p>Invariants: {@link #read()} returns a reading for every exception, an error for a NaN,
 * infinite or negative number (a queue is never -4 long), and for errors a JDBC driver or client
 * library may raise ({@link LinkageError}, {@link StackOverflowError} while parsing); no message
 * holds a resolved password or connection string.
 */
abstract class GuardedSource implements TriggerSource {

  /** How long connecting may take. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  /** How long one read may take once connected. */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

  final TriggerConfig config;

  GuardedSource(TriggerConfig config) {
    this.config = config;
  }

  /** The metric; throws when it cannot be had. */
  abstract double measure() throws Exception;

  /** Drops the connection, if any; never throws. */
  abstract void disconnect();

  @Override
  public final Reading read() {
    try {
      double v = measure();
      if (!Double.isFinite(v) || v < 0) {
        return Reading.error("the metric is " + v + ", not a number of at least 0");
      }
      return Reading.of(v);
    } catch (TriggerConfig.MissingValueException | BadMetricException e) {
      return Reading.error(config.redact(e.getMessage()));
    } catch (Exception | LinkageError | StackOverflowError e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      disconnect();
      return Reading.error(config.redact(describe(e)));
    }
  }

  @Override
  public final void close() {
    disconnect();
  }

  /** What went wrong, with the causes that say more than their wrapper. */
  static String describe(Throwable e) {
    StringBuilder b = new StringBuilder();
    Throwable t = e;
    for (int depth = 0; t != null && depth < 4; depth++, t = t.getCause()) {
      String m = t.getMessage();
      String part = t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
      if (b.indexOf(part) < 0) {
        b.append(b.length() == 0 ? "" : " <- ").append(part);
      }
    }
    String s = b.toString().replace('\n', ' ');
    return s.length() > 400 ? s.substring(0, 400) + "..." : s;
  }

  /** A source that answered, but not with a number: a trigger error, the connection is fine. */
  static final class BadMetricException extends Exception {
    private static final long serialVersionUID = 1L;

    BadMetricException(String message) {
      super(message);
    }
  }
}
