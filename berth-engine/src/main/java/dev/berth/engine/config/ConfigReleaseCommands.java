package dev.berth.engine.config;

import dev.berth.engine.release.ReleaseCommands;
import dev.berth.engine.store.EnvironmentKey;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@link ReleaseCommands} whose runs get the environment's config vars (over the spec's {@code
 * env:}, as replicas get them, {@link ConfigRuntime}): a migration needs {@code DATABASE_URL}.
 */
public final class ConfigReleaseCommands implements ReleaseCommands {
  private final ReleaseCommands inner;
  private final Function<EnvironmentKey, Map<String, String>> config;

  public ConfigReleaseCommands(
      ReleaseCommands inner, Function<EnvironmentKey, Map<String, String>> config) {
    this.inner = inner;
    this.config = config;
  }

  @Override
  public void start(Run run, Consumer<Outcome> done) {
    Map<String, String> vars;
    try {
      vars = config.apply(run.env());
    } catch (RuntimeException e) { // e.g. the master key is missing: the run fails, saying why
      done.accept(new Outcome(false, "could not start: " + e.getMessage(), List.of()));
      return;
    }
    // config vars cannot be named BERTH_* (ConfigNames), so the runner's own variables stay
    Map<String, String> merged = ConfigRuntime.merge(run.variables(), vars);
    inner.start(
        new Run(run.env(), run.version(), run.command(), run.workingDir(), merged, run.timeout()),
        done);
  }

  @Override
  public List<String> output(EnvironmentKey env, long version, int max) {
    return inner.output(env, version, max);
  }
}
