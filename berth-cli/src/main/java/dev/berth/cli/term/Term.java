package dev.berth.cli.term;

import dev.berth.engine.app.status.ServiceState;
import dev.berth.engine.runtime.ReplicaState;
import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;

/**
 * Where the CLI writes: data to stdout, messages for a person to stderr. Colors only when stdout is
 * a terminal and {@code NO_COLOR} is unset (no-color.org), so pipes and scripts get plain text.
 */
public final class Term {
  private final PrintStream out;
  private final PrintStream err;
  private final boolean tty;
  private final boolean color;

  public Term(PrintStream out, PrintStream err, boolean tty, boolean color) {
    this.out = out;
    this.err = err;
    this.tty = tty;
    this.color = color;
  }

  /** The real terminal of this process. */
  public static Term system(Map<String, String> env) {
    boolean tty = System.console() != null;
    boolean color = tty && !env.containsKey("NO_COLOR") && !"dumb".equals(env.get("TERM"));
    return new Term(System.out, System.err, tty, color);
  }

  public PrintStream out() {
    return out;
  }

  public PrintStream err() {
    return err;
  }

  public boolean tty() {
    return tty;
  }

  /** Writes a message for a person (stderr). */
  public void say(String message) {
    err.println(message);
  }

  public String bold(String s) {
    return wrap("1", s);
  }

  public String dim(String s) {
    return wrap("2", s);
  }

  public String green(String s) {
    return wrap("32", s);
  }

  public String yellow(String s) {
    return wrap("33", s);
  }

  public String red(String s) {
    return wrap("31", s);
  }

  public String cyan(String s) {
    return wrap("36", s);
  }

  /**
   * Colors a word by what it means: good green, in progress yellow, bad red, at rest dim. Service
   * and replica states are read through their enums (the words the API writes); the other words are
   * the actions of an apply or a scale ({@code created}, {@code unchanged}, ...).
   */
  public String state(String s) {
    if (s == null) {
      return "";
    }
    Optional<ServiceState> service = ServiceState.fromWire(s);
    if (service.isPresent()) {
      return switch (service.get()) {
        case RUNNING, SCHEDULED -> green(s);
        case CRASHING, DEGRADED, PENDING -> red(s);
        case STOPPED, SCALED_TO_ZERO -> dim(s);
        case STARTING, DEPLOYING, STOPPING -> yellow(s);
      };
    }
    Optional<ReplicaState> replica = ReplicaState.fromWire(s);
    if (replica.isPresent()) {
      return switch (replica.get()) {
        case RUNNING -> green(s);
        case BACKOFF, PENDING -> red(s);
        case TERMINATED -> dim(s);
        case STARTING, TERMINATING -> yellow(s);
      };
    }
    return switch (s) {
      case "ready", "created", "started" -> green(s);
      case "failed", "error" -> red(s);
      case "unchanged" -> dim(s);
      default -> yellow(s);
    };
  }

  private String wrap(String code, String s) {
    return color ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
  }

  /** Visible width of a string, ignoring ANSI color sequences. */
  public static int width(String s) {
    return s.replaceAll("\u001b\\[[0-9;]*m", "").length();
  }
}
