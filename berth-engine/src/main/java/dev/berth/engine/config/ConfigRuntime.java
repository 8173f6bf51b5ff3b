package dev.berth.engine.config;

import dev.berth.engine.runtime.Incarnation;
import dev.berth.engine.runtime.Leftover;
import dev.berth.engine.runtime.NodeCapacity;
import dev.berth.engine.runtime.ReplicaSpec;
import dev.berth.engine.runtime.ReplicaStatus;
import dev.berth.engine.runtime.Runtime;
import dev.berth.engine.store.EnvironmentKey;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A {@link Runtime} that gives every replica (and cron run) its environment's config vars: the one
 * place they enter a process's environment, at the last moment, so plain values are never stored in
 * service specs, replica records or anything the API shows.
 *
 * <p>Precedence (as Heroku config vars over a Procfile's defaults): a config var overrides the
 * spec's {@code env:} entry of the same name; the variables the runtime sets itself ({@code PORT},
 * {@code BERTH_*}) cannot be config vars ({@link ConfigNames}). Everything else is passed through.
 */
public final class ConfigRuntime implements Runtime {
  private final Runtime inner;
  private final Function<EnvironmentKey, Map<String, String>> config;

  /**
   * @param config the plain vars of an environment ({@link ConfigVariables#of})
   */
  public ConfigRuntime(Runtime inner, Function<EnvironmentKey, Map<String, String>> config) {
    this.inner = inner;
    this.config = config;
  }

  /** {@code spec}'s env with {@code vars} over it. */
  public static Map<String, String> merge(Map<String, String> spec, Map<String, String> vars) {
    if (vars.isEmpty()) {
      return spec;
    }
    Map<String, String> env = new HashMap<>(spec);
    env.putAll(vars);
    return env;
  }

  @Override
  public void ensure(ReplicaSpec s) {
    Map<String, String> vars = config.apply(new EnvironmentKey(s.project(), s.environment()));
    if (vars.isEmpty()) {
      inner.ensure(s);
      return;
    }
    inner.ensure(
        new ReplicaSpec(
            s.id(),
            s.project(),
            s.environment(),
            s.service(),
            s.type(),
            s.command(),
            s.workingDir(),
            merge(s.env(), vars),
            s.containerPort(),
            s.resources(),
            s.health(),
            s.release(),
            s.templateHash(),
            s.lastKnown(),
            s.user(),
            s.restart()));
  }

  @Override
  public void stop(String replicaId, Incarnation lastKnown, Duration grace) {
    inner.stop(replicaId, lastKnown, grace);
  }

  @Override
  public List<ReplicaStatus> list() {
    return inner.list();
  }

  @Override
  public List<Leftover> leftovers() {
    return inner.leftovers();
  }

  @Override
  public List<NodeCapacity> nodes() {
    return inner.nodes();
  }

  @Override
  public void watch(Consumer<ReplicaStatus> listener) {
    inner.watch(listener);
  }
}
