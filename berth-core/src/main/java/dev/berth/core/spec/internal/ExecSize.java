package dev.berth.core.spec.internal;

import static dev.berth.core.spec.SpecLimits.MAX_EXEC_STRING_BYTES;
import static dev.berth.core.spec.SpecLimits.MAX_EXEC_TOTAL_BYTES;
import static dev.berth.core.spec.SpecLimits.size;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/**
 * What one replica's process would be given, checked against the kernel's limits before anything
 * runs: each {@code NAME=value} and the command under {@link
 * dev.berth.core.spec.SpecLimits#MAX_EXEC_STRING_BYTES}, all of them together under {@link
 * dev.berth.core.spec.SpecLimits#MAX_EXEC_TOTAL_BYTES}. Without this, a spec Linux cannot exec
 * (E2BIG) is accepted, stored, and its replicas crash-loop.
 */
final class ExecSize {

  private static final String FILE_HINT =
      "keep large data out of the environment: put it in a file in the app's directory and pass"
          + " its path";

  private ExecSize() {}

  /**
   * Reports what is too large; true when it reported.
   *
   * @param command the command, with where it was written ({@code null} node: from the Procfile)
   * @param env the variables after overrides, each with where its value was written
   * @param service where the service is named, for the total
   */
  static boolean check(
      String name,
      Located<String> command,
      String commandText,
      Map<String, Located<String>> env,
      Node service,
      String servicePath,
      Problems p) {
    boolean reported = false;
    long total = bytes(commandText) + 1;
    if (total - 1 > MAX_EXEC_STRING_BYTES) {
      reported = true;
      p.at(
          command == null ? service : command.node(),
          command == null ? servicePath : command.path(),
          "the command of '"
              + name
              + "' is "
              + (total - 1)
              + " bytes, more than the limit of "
              + size(MAX_EXEC_STRING_BYTES),
          "move the script into a file in the app's directory and run that file");
    }
    for (Map.Entry<String, Located<String>> e : env.entrySet()) {
      long n = bytes(e.getKey()) + 1 + bytes(e.getValue().value());
      total += n + 1;
      if (n > MAX_EXEC_STRING_BYTES) {
        reported = true;
        p.at(
            e.getValue().node(),
            e.getValue().path(),
            e.getKey()
                + "=value is "
                + n
                + " bytes, more than the limit of "
                + size(MAX_EXEC_STRING_BYTES)
                + " for one environment variable",
            FILE_HINT);
      }
    }
    if (total > MAX_EXEC_TOTAL_BYTES) {
      reported = true;
      p.at(
          service,
          servicePath,
          "a replica of '"
              + name
              + "' would get "
              + total
              + " bytes of environment and command, more than the limit of "
              + size(MAX_EXEC_TOTAL_BYTES)
              + " (Linux refuses to start a process with too large an environment)",
          FILE_HINT);
    }
    return reported;
  }

  private static long bytes(String s) {
    return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
  }
}
