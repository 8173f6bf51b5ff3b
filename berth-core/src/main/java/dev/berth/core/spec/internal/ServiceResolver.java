package dev.berth.core.spec.internal;

import dev.berth.core.model.AutoscaleSpec;
import dev.berth.core.model.CountOrPercent;
import dev.berth.core.model.CronSchedule;
import dev.berth.core.model.DeploySpec;
import dev.berth.core.model.HealthCheck;
import dev.berth.core.model.Resources;
import dev.berth.core.model.ServiceSpec;
import dev.berth.core.model.ServiceType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Turns a service draft (the base, with an environment's override laid over it) into a resolved
 * {@link ServiceSpec}: type decided, rules between keys checked, the command taken from the
 * Procfile when the spec has none, defaults filled.
 *
 * <p>Invariant: returns {@code null} exactly when it reported a problem (or the draft already had
 * one), so a spec with problems is never built half-way.
 */
final class ServiceResolver {

  private final Problems p;
  private final Map<String, String> procfile;

  ServiceResolver(Problems problems, Map<String, String> procfile) {
    this.p = problems;
    this.procfile = procfile;
  }

  /** The service's type: as written, else cron when it has a schedule, else by its name. */
  static ServiceType typeOf(ServiceDraft base) {
    if (base.type != null) {
      return base.type.value();
    }
    if (base.given.containsKey("schedule")) {
      return ServiceType.CRON;
    }
    return base.name.equals("web") ? ServiceType.WEB : ServiceType.WORKER;
  }

  ServiceSpec resolve(ServiceDraft base, ServiceDraft override, String basePath) {
    int before = p.count();
    if (base.invalid || (base.given.containsKey("type") && base.type == null)) {
      return null; // its problem is reported; rules that depend on it would only guess
    }
    ServiceDraft d = base.overlay(override);
    ServiceType type = typeOf(base);
    String command = command(d, basePath);
    if (type == ServiceType.CRON) {
      if (!d.given.containsKey("schedule")) {
        Node at = base.type != null ? base.type.node() : base.nameNode;
        p.at(
            at,
            base.type != null ? base.type.path() : basePath,
            "cron service '" + d.name + "' has no schedule",
            "add schedule: \"0 2 * * *\" (minute hour day-of-month month day-of-week),"
                + " or a macro such as \"@daily\"");
      }
      notAllowed(
          d, "port", "port applies only to web services", "remove it: a cron run gets no traffic");
      notAllowed(
          d,
          "replicas",
          "replicas does not apply to cron services",
          "remove it: each run starts one process; 'concurrency' decides about overlapping runs");
      notAllowed(
          d,
          "health",
          "health does not apply to cron services",
          "remove it: a run succeeds when its command exits with status 0");
      notAllowed(
          d,
          "deploy",
          "deploy does not apply to cron services",
          "remove it: each run starts one process from the release that is live when it is due");
      notAllowed(
          d,
          "autoscale",
          "autoscale does not apply to cron services",
          "remove it: each run starts one process; autoscale web and worker services");
    } else {
      String what = type.wireName();
      List<String> cronKeys = new ArrayList<>(List.of("schedule", "timezone", "concurrency"));
      cronKeys.addAll(CronReader.KEYS);
      for (String key : cronKeys) {
        notAllowed(
            d,
            key,
            key + " applies only to cron services, and '" + d.name + "' is a " + what + " service",
            base.type == null && key.equals("schedule")
                ? "remove it here; a service is a cron service when 'services:' gives it a schedule"
                : "remove it, or make the service type: cron with a schedule");
      }
      if (type == ServiceType.WORKER) {
        notAllowed(
            d,
            "port",
            "port applies only to web services, and '" + d.name + "' is a worker",
            "remove it, or make the service type: web");
      }
    }
    HealthCheck health = type == ServiceType.CRON ? HealthCheck.defaultFor(type) : health(d, type);
    if (command != null) {
      ExecSize.check(d.name, d.command, command, d.env, d.nameNode, basePath, p);
    }
    DeploySpec deploy = type == ServiceType.CRON ? DeploySpec.DEFAULT : deploy(d);
    AutoscaleSpec autoscale = type == ServiceType.CRON ? null : autoscale(d);
    boolean noSchedule = type == ServiceType.CRON && d.schedule == null;
    CronSchedule cron =
        type == ServiceType.CRON && !noSchedule
            ? d.cron.build(
                d.schedule.value(),
                d.timezone == null ? null : d.timezone.value(),
                d.concurrency == null ? null : d.concurrency.value(),
                p)
            : null;
    if (p.count() > before
        || d.invalid
        || command == null
        || noSchedule
        || (type == ServiceType.CRON && cron == null)
        || health == null
        || deploy == null) {
      return null;
    }
    Map<String, String> env = new LinkedHashMap<>();
    d.env.forEach((k, v) -> env.put(k, v.value()));
    return new ServiceSpec(
        d.name,
        type,
        command,
        type == ServiceType.WEB ? value(d.port, ServiceSpec.DEFAULT_PORT) : 0,
        type == ServiceType.CRON ? 0 : value(d.replicas, autoscale == null ? 1 : autoscale.min()),
        Resources.of(
            d.cpu == null ? null : d.cpu.value(), d.memory == null ? null : d.memory.value()),
        env,
        health,
        cron,
        d.user == null ? "" : d.user.value(),
        deploy,
        autoscale,
        d.image == null ? null : d.image.value());
  }

  /**
   * The autoscale block, checking that {@code replicas}, the starting count under autoscale (see
   * {@link AutoscaleSpec}), lies within its bounds.
   */
  private AutoscaleSpec autoscale(ServiceDraft d) {
    AutoscaleSpec a = d.autoscale == null ? null : d.autoscale.value();
    if (a != null && d.replicas != null) {
      int r = d.replicas.value();
      if (r < a.min() || r > a.max()) {
        p.at(
            d.replicas.node(),
            d.replicas.path(),
            "replicas "
                + r
                + " is outside autoscale's min "
                + a.min()
                + " and max "
                + a.max()
                + " (with autoscale, replicas is only the starting count)",
            "remove replicas (the service starts with min), or set it from "
                + a.min()
                + " to "
                + a.max());
      }
    }
    return a;
  }

  /** The merged deploy settings, or {@code null} after a problem. */
  private DeploySpec deploy(ServiceDraft d) {
    if (d.deploy == null) {
      return DeploySpec.DEFAULT;
    }
    Located<CountOrPercent> zero = d.deploy.bothZero();
    if (zero != null) {
      p.at(
          zero.node(),
          zero.path(),
          "maxSurge and maxUnavailable are both 0, so a rollout could neither add nor remove"
              + " a replica",
          "allow one of them, e.g. maxSurge: 1 with maxUnavailable: 0 (start a new replica before"
              + " stopping an old one)");
      return null;
    }
    return d.deploy.build();
  }

  private String command(ServiceDraft d, String basePath) {
    if (d.command != null) {
      return d.command.value();
    }
    String fromProcfile = procfile.get(d.name);
    if (fromProcfile == null && d.image != null) {
      return ""; // the image's own entrypoint and command run
    }
    if (fromProcfile == null && !d.given.containsKey("command")) {
      p.at(
          d.nameNode,
          basePath,
          "service '" + d.name + "' has no command",
          "add 'command:' or a '" + d.name + ":' line to the Procfile beside berth.yaml");
    }
    return fromProcfile;
  }

  private void notAllowed(ServiceDraft d, String key, String message, String hint) {
    Located<String> at = d.given.get(key);
    if (at != null) {
      p.at(at.node(), at.path(), message, hint);
    }
  }

  private HealthCheck health(ServiceDraft d, ServiceType type) {
    HealthDraft h = d.health;
    if (h == null) {
      return HealthCheck.defaultFor(type);
    }
    if (h.disabled) {
      return HealthCheck.of(HealthCheck.Kind.NONE, "");
    }
    HealthCheck.Kind kind = h.kind == null ? null : h.kind.value();
    if (type == ServiceType.WORKER && kind != null && kind != HealthCheck.Kind.EXEC) {
      p.at(
          h.kind.node(),
          h.kind.path(),
          kindName(kind) + " probe needs a port, and a worker has none",
          "use exec: \"<command>\" to probe a worker, or remove health");
      return null;
    }
    if (kind == null) {
      if (type != ServiceType.WEB) {
        p.at(
            h.node,
            pathOf(d),
            "health settings need a probe, and workers have none by default",
            "add exec: \"<command>\", or write health: none");
        return null;
      }
      kind = HealthCheck.Kind.TCP;
    }
    return h.build(kind, h.kind == null ? "" : h.target);
  }

  private static String kindName(HealthCheck.Kind kind) {
    return kind == HealthCheck.Kind.HTTP ? "an http" : "a tcp";
  }

  private static String pathOf(ServiceDraft d) {
    Located<String> key = d.given.get("health");
    return key == null ? "" : key.path();
  }

  private static int value(Located<Integer> l, int otherwise) {
    return l == null ? otherwise : l.value();
  }
}
