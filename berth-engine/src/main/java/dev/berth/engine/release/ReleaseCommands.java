package dev.berth.engine.release;

import dev.berth.engine.store.EnvironmentKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Runs release commands ({@code release.command}, Heroku's release phase): once per release, from
 * the release's code, before any of its replicas start. The real implementation runs a process;
 * tests use a fake that finishes when told.
 */
public interface ReleaseCommands {

  /**
   * One run.
   *
   * @param env the environment
   * @param version the release ({@code N} of {@code vN})
   * @param command the shell command line
   * @param workingDir the release's code
   * @param variables its environment variables (besides what the runner adds)
   * @param timeout how long it may run
   */
  record Run(
      EnvironmentKey env,
      long version,
      String command,
      Path workingDir,
      Map<String, String> variables,
      Duration timeout) {
    public Run {
      Objects.requireNonNull(env, "env");
      Objects.requireNonNull(command, "command");
      Objects.requireNonNull(workingDir, "workingDir");
      variables = Map.copyOf(variables);
      Objects.requireNonNull(timeout, "timeout");
    }
  }

  /**
   * How a run ended.
   *
   * @param succeeded it exited 0 within its timeout
   * @param reason why not, for a person ({@code exited with status 3}); empty on success
   * @param lastLines its last lines of output
   */
  record Outcome(boolean succeeded, String reason, List<String> lastLines) {
    public Outcome {
      Objects.requireNonNull(reason, "reason");
      lastLines = List.copyOf(lastLines);
    }
  }

  /**
   * Starts {@code run} and returns at once; {@code done} is called exactly once with the outcome,
   * from another thread (also when the command cannot start at all).
   */
  void start(Run run, Consumer<Outcome> done);

  /** The output of a release's command so far (at most the last {@code max} lines). */
  List<String> output(EnvironmentKey env, long version, int max);
}
