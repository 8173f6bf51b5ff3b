package dev.berth.runtime.local.internal.proc;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says why the kernel refused to start a replica, from the {@code error=N} the JDK reports, and
 * what to do next. Never prints an environment value (it may be a secret), only names and sizes.
 */
final class LaunchErrors {
  /** Linux's limit for one argument or environment string, NUL included (MAX_ARG_STRLEN). */
  static final int MAX_STRING_BYTES = 128 * 1024;

  private static final Pattern ERRNO = Pattern.compile("error=(\\d+)");
  private static final int ENOENT = 2;
  private static final int E2BIG = 7;
  private static final int EAGAIN = 11;
  private static final int ENOMEM = 12;
  private static final int EACCES = 13;
  private static final int ENFILE = 23;
  private static final int EMFILE = 24;

  private LaunchErrors() {}

  /** The errno in a JDK launch failure message ({@code "...: error=7, Argument list too long"}). */
  static int errno(String message) {
    Matcher m = ERRNO.matcher(message == null ? "" : message);
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  /** A message for a failed start of {@code argv} with {@code env} in {@code dir}. */
  static String describe(String jdkMessage, List<String> argv, Map<String, String> env, Path dir) {
    String program = argv.get(0);
    switch (errno(jdkMessage)) {
      case E2BIG:
        return tooBig(argv, env);
      case ENOENT:
        return "cannot start the process: "
            + program
            + " was not found (ENOENT): install util-linux, which provides setsid";
      case EACCES:
        return "cannot start the process: permission denied (EACCES) running "
            + program
            + " in "
            + dir
            + ": give Berth's user search (x) permission on the working directory and every"
            + " directory above it, and make sure "
            + program
            + " is executable";
      case EAGAIN:
      case ENOMEM:
        return "cannot start the process: the system refused to create one ("
            + (errno(jdkMessage) == EAGAIN ? "EAGAIN" : "ENOMEM")
            + ": too many processes for this user, see `ulimit -u`, or not enough memory);"
            + " Berth retries with back-off";
      case ENFILE:
      case EMFILE:
        return "cannot start the process: too many open files (see `ulimit -n`): " + jdkMessage;
      default:
        return "cannot start the process: " + jdkMessage;
    }
  }

  private static String tooBig(List<String> argv, Map<String, String> env) {
    long total = 0;
    String largest = null;
    long largestBytes = -1;
    for (String a : argv) {
      long n = bytes(a);
      total += n;
      if (n > largestBytes) {
        largestBytes = n;
        largest = "the command";
      }
    }
    for (Map.Entry<String, String> e : env.entrySet()) {
      long n = bytes(e.getKey() + "=" + e.getValue());
      total += n;
      if (n > largestBytes) {
        largestBytes = n;
        largest = "the variable " + e.getKey();
      }
    }
    String which =
        largestBytes > MAX_STRING_BYTES
            ? largest + " alone has " + largestBytes + " bytes, over Linux's limit of 131072"
            : "the largest is " + largest + " with " + largestBytes + " bytes";
    return "cannot start the process: its environment and command are too large for the kernel"
        + " (E2BIG): "
        + total
        + " bytes in "
        + (argv.size() + env.size())
        + " strings, and "
        + which
        + ". Linux allows 128 KiB per variable or argument and about a quarter of the stack"
        + " limit (`ulimit -s`, usually 2 MiB) for all of them together: shorten the service's"
        + " env or command, or pass large values in a file";
  }

  private static long bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length + 1L;
  }
}
