package dev.berth.runtime.local.internal.proc;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Prefixes a simple command with {@code exec}, so the shell that runs it is replaced by the app.
 *
 * <p>Why: {@code sh -c "java -jar app.jar"} under dash (Debian's {@code /bin/sh}) forks the app and
 * waits, instead of exec'ing it as bash does. The app is then not the process Berth started: on
 * SIGTERM the shell dies at once with 143 while the app is still shutting down, and the app's own
 * exit code is lost. With {@code exec}, the app is the group leader Berth watches.
 *
 * <p>Only commands that are one simple command get the prefix: no {@code ; & | ( ) ` < > { }}, no
 * newline, not starting with a shell keyword, a builtin that has no program of its name ({@code
 * exit 3} would become {@code exec exit 3}, "not found", 127) or a variable assignment (which
 * {@code exec} would treat as the program name). Everything else runs unchanged; the supervisor
 * then waits for the whole process group when stopping it. Invariant: the result runs the same
 * program with the same arguments and expansions as the input.
 */
public final class ExecPrefix {
  private static final Pattern UNSAFE = Pattern.compile("[;&|()`<>{}\\n\\r]");
  private static final Pattern ASSIGNMENT = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*=.*");
  private static final Set<String> KEYWORDS =
      Set.of(
          "if",
          "then",
          "else",
          "elif",
          "fi",
          "for",
          "while",
          "until",
          "do",
          "done",
          "case",
          "esac",
          "in",
          "!",
          "exec",
          "function",
          "select",
          "time",
          "[[",
          "]]",
          "{",
          "}",
          // builtins with no program of that name: exec would look for one and fail
          "exit",
          "return",
          "break",
          "continue",
          ".",
          ":",
          "eval",
          "set",
          "shift",
          "trap",
          "unset",
          "export",
          "readonly",
          "cd",
          "wait",
          "umask",
          "ulimit",
          "alias",
          "read",
          "source",
          "local");

  private ExecPrefix() {}

  public static String apply(String command) {
    String c = command.strip();
    if (c.isEmpty() || UNSAFE.matcher(command).find()) { // the whole text: a newline anywhere
      return command;
    }
    String first = c.split("\\s+", 2)[0];
    if (KEYWORDS.contains(first) || ASSIGNMENT.matcher(first).matches() || first.startsWith("#")) {
      return command;
    }
    return "exec " + c;
  }
}
