package dev.berth.core.plan;

import dev.berth.core.decide.TemplateHash;
import dev.berth.core.model.HealthCheck;
import dev.berth.core.model.Resources;
import dev.berth.core.model.ServiceSpec;
import dev.berth.core.model.ServiceType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Services, stored states and "what an apply stores", for the planner's tests. */
final class PlanFixtures {
  static final String DIR = "/data/code/shop/production/sha256-aaaa";

  private PlanFixtures() {}

  static ServiceSpec web(String name, int replicas, Map<String, String> env) {
    return new ServiceSpec(
        name,
        ServiceType.WEB,
        "java Web.java",
        8080,
        replicas,
        Resources.DEFAULT,
        env,
        HealthCheck.defaultFor(ServiceType.WEB),
        null);
  }

  static ServiceSpec withCommand(ServiceSpec s, String command) {
    return new ServiceSpec(
        s.name(),
        s.type(),
        command,
        s.port(),
        s.replicas(),
        s.resources(),
        s.env(),
        s.health(),
        s.cron(),
        s.user(),
        s.deploy(),
        s.autoscale(),
        s.image());
  }

  /** The state an apply of {@code desired} from nothing stores. */
  static List<StoredService> stored(List<ServiceSpec> desired, String dir) {
    return applied(
        Planner.plan(desired, dir, List.of(), null, Sensitivity.NONE), desired, dir, List.of());
  }

  /**
   * What the engine stores after applying {@code plan} (made from {@code desired} over {@code
   * before}): the model of ApplyPlan's writes that the invariants are stated against.
   */
  static List<StoredService> applied(
      Plan plan, List<ServiceSpec> desired, String dir, List<StoredService> before) {
    Map<String, ServiceSpec> specs = new LinkedHashMap<>();
    desired.forEach(s -> specs.put(s.name(), s));
    Map<String, StoredService> old = new LinkedHashMap<>();
    before.forEach(s -> old.put(s.spec().name(), s));
    Map<String, StoredService> out = new LinkedHashMap<>(old);
    for (ServicePlan p : plan.services()) {
      ServiceSpec s = specs.get(p.service());
      switch (p.action()) {
        case DESTROY -> out.remove(p.service());
        case NO_OP -> {}
        case CREATE ->
            out.put(
                s.name(),
                new StoredService(
                    s, TemplateHash.of(s, dir), s.replicas(), s.replicas(), false, -1));
        case UPDATE, REPLACE -> {
          StoredService o = old.get(s.name());
          out.put(
              s.name(),
              new StoredService(
                  s, TemplateHash.of(s, dir), s.replicas(), p.replicasAfter(), o.stopped(), -1));
        }
      }
    }
    return new ArrayList<>(out.values());
  }
}
