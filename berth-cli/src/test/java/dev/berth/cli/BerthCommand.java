package dev.berth.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the built {@code berth.jar} as a user would, in a sandbox: its own config file, data
 * directory and ports, so tests never touch {@code ~/.berth}.
 */
final class BerthCommand {
  static final Path JAR = Path.of("target", "berth.jar").toAbsolutePath();

  final Path home;
  final Map<String, String> env = new HashMap<>();

  /** Variables of the test's own environment the command must not see. */
  final java.util.Set<String> unset = new java.util.HashSet<>();

  BerthCommand(Path home) {
    this.home = home;
    env.put("BERTH_CONFIG", home.resolve("config.json").toString());
    env.put("NO_COLOR", "1");
  }

  /** The result of one finished command. */
  record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  List<String> argv(String... args) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                javaBin(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", JAR.toString()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** Runs a command to completion in {@code dir}. */
  Result run(Path dir, String... args) throws IOException, InterruptedException {
    Path out = Files.createTempFile(home, "out", ".txt");
    Path err = Files.createTempFile(home, "err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(argv(args)).directory(dir.toFile());
    pb.environment().keySet().removeAll(unset);
    pb.environment().putAll(env);
    pb.redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process p = pb.start();
    if (!p.waitFor(3, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(
          "berth " + String.join(" ", args) + " did not finish within 3 minutes");
    }
    return new Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** Starts a long-running command ({@code berth up}); its output goes to {@code log}. */
  Process start(Path dir, Path log, String... args) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(argv(args)).directory(dir.toFile());
    pb.environment().keySet().removeAll(unset);
    pb.environment().putAll(env);
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    return pb.start();
  }

  static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static int freePort() throws IOException {
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
