package dev.berth.engine.store;

import java.util.Objects;

/** Names one service of one environment of one project: the unit a controller reconciles. */
public record ServiceKey(String project, String environment, String service) {
  public ServiceKey {
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(service, "service");
  }

  public EnvironmentKey environmentKey() {
    return new EnvironmentKey(project, environment);
  }

  @Override
  public String toString() {
    return service + "." + environment + "." + project;
  }
}
