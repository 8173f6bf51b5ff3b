package dev.berth.engine.store;

import java.util.Objects;

/** Names one environment of one project. */
public record EnvironmentKey(String project, String environment) {
  public EnvironmentKey {
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(environment, "environment");
  }

  public ServiceKey service(String name) {
    return new ServiceKey(project, environment, name);
  }

  @Override
  public String toString() {
    return environment + "." + project;
  }
}
