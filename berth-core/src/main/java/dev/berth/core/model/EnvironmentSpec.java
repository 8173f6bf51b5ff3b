package dev.berth.core.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One environment of a project with its overrides already merged into the services: what should
 * run, where. Immutable; service order is spec order.
 *
 * @param name environment name (a DNS label)
 * @param target where it runs
 * @param services the services, keyed by name, in spec order
 */
public record EnvironmentSpec(String name, Target target, Map<String, ServiceSpec> services) {

  public EnvironmentSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(target, "target");
    services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
  }

  public Optional<ServiceSpec> service(String serviceName) {
    return Optional.ofNullable(services.get(serviceName));
  }

  public List<ServiceSpec> serviceList() {
    return new ArrayList<>(services.values());
  }
}
