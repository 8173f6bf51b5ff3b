package dev.berth.cli.term;

import java.io.PrintStream;
import java.util.Map;

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

  /** Colors a state word by what it means: good green, in progress yellow, bad red. */
  public String state(String s) {
    if (s == null) {
      return "";
    }
    return switch (s) {
      case "running", "ready", "scheduled", "created", "started" -> green(s);
      case "crashing", "backoff", "degraded", "pending", "failed", "error" -> red(s);
      case "stopped", "scaled-to-zero", "unchanged", "terminated" -> dim(s);
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
