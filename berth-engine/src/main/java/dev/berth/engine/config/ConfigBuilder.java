package dev.berth.engine.config;

import dev.berth.engine.artifact.BuildRequest;
import dev.berth.engine.artifact.BuildResult;
import dev.berth.engine.artifact.Builder;
import dev.berth.engine.store.EnvironmentKey;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A {@link Builder} whose builds get their environment's config vars, as Heroku's builds see the
 * app's config vars (a build that downloads private packages needs its token). Its output is
 * redacted where every command's output is ({@code OutputPump} through {@link Redactor#shared()}).
 *
 * <p>The environment is read from the build id, {@code <project>-<environment>-<millis>} as the
 * apply names it: names hold dashes, so each split is tried and the first one with config vars wins
 * (two environments whose names split both ways, each with config vars, are the one ambiguous case:
 * the longer project name is taken).
 */
public final class ConfigBuilder implements Builder {
  private static final Pattern TAIL = Pattern.compile("-[0-9]+$");

  private final Builder inner;
  private final Function<EnvironmentKey, Map<String, String>> config;

  public ConfigBuilder(Builder inner, Function<EnvironmentKey, Map<String, String>> config) {
    this.inner = inner;
    this.config = config;
  }

  @Override
  public BuildResult build(BuildRequest request, Consumer<String> output) {
    Map<String, String> vars = varsOf(request.id());
    if (vars.isEmpty()) {
      return inner.build(request, output);
    }
    return inner.build(
        new BuildRequest(
            request.id(),
            request.source(),
            request.command(),
            request.timeout(),
            ConfigRuntime.merge(request.env(), vars),
            request.maxArtifactBytes()),
        output);
  }

  private Map<String, String> varsOf(String id) {
    java.util.regex.Matcher m = TAIL.matcher(id);
    if (!m.find()) {
      return Map.of();
    }
    String head = id.substring(0, m.start());
    for (int i = head.lastIndexOf('-'); i > 0; i = head.lastIndexOf('-', i - 1)) {
      EnvironmentKey env = new EnvironmentKey(head.substring(0, i), head.substring(i + 1));
      Map<String, String> vars = Optional.ofNullable(config.apply(env)).orElse(Map.of());
      if (!vars.isEmpty()) {
        return vars;
      }
    }
    return Map.of();
  }
}
