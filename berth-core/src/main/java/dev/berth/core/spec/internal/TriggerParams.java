package dev.berth.core.spec.internal;

import dev.berth.core.model.TriggerType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parameters each trigger type takes, under KEDA's names (from the scalers' {@code
 * keda:"name=..."} tags), so a ScaledObject's trigger metadata moves over as it is. One table,
 * shared by the reader and by the test that checks the JSON schema against it.
 *
 * <p>Invariants: every type has exactly one target parameter, or a group of alternatives that are
 * all targets ({@code http}); a parameter marked {@code fromEnv} may instead be written as {@code
 * <name>FromEnv: VARIABLE} (KEDA's resolvedEnv); a {@code secret} parameter may only be written
 * that way, so passwords never sit in the spec, in events or in logs.
 */
public final class TriggerParams {

  /** How a parameter's value is read. */
  enum Kind {
    TEXT,
    NUMBER,
    WHOLE,
    BOOL,
    CHOICE,
    CRON,
    ZONE,
    URL
  }

  /**
   * One parameter.
   *
   * @param name KEDA's name
   * @param kind how its value is read
   * @param required whether the trigger needs it (alternatives: see {@link Spec#oneOf})
   * @param fromEnv whether {@code <name>FromEnv} may give it instead
   * @param secret whether it may only come from the environment
   * @param choices the allowed values of a CHOICE
   * @param example a good value for hints
   */
  record Param(
      String name,
      Kind kind,
      boolean required,
      boolean fromEnv,
      boolean secret,
      List<String> choices,
      String example) {}

  /**
   * One trigger type's parameters.
   *
   * @param params every parameter, in the order the docs list them
   * @param target the parameter holding the target (for {@code http}: the first of {@code oneOf})
   * @param activation the parameter holding the activation target, or {@code null}
   * @param oneOf groups of which exactly one must be given (connection alternatives, targets)
   * @param targetMeaning what the target means, for the "missing target" hint
   */
  record Spec(
      List<Param> params,
      String target,
      String activation,
      List<List<String>> oneOf,
      String targetMeaning) {
    Param param(String name) {
      for (Param p : params) {
        if (p.name().equals(name)) {
          return p;
        }
      }
      return null;
    }
  }

  /** Keys every trigger takes besides its parameters. */
  public static final List<String> COMMON = List.of("type", "name", "metricType");

  private static final Map<TriggerType, Spec> SPECS = new EnumMap<>(TriggerType.class);

  static {
    SPECS.put(
        TriggerType.REDIS_LIST,
        new Spec(
            List.of(
                env("address", "localhost:6379"),
                env("host", "localhost"),
                p("port", Kind.WHOLE, false, true, "6379"),
                env("username", "app"),
                secret("password"),
                req("listName", "jobs"),
                num("listLength", "5"),
                num("activationListLength", "0"),
                p("databaseIndex", Kind.WHOLE, false, false, "0"),
                bool("enableTLS")),
            "listLength",
            "activationListLength",
            List.of(List.of("address", "host")),
            "the number of items one replica should handle"));
    SPECS.put(
        TriggerType.RABBITMQ,
        new Spec(
            List.of(
                new Param("host", Kind.URL, true, true, false, List.of(), "amqp://localhost:5672/"),
                req("queueName", "jobs"),
                choice("mode", "QueueLength", "MessageRate"),
                num("value", "20"),
                num("activationValue", "0"),
                choice("protocol", "auto", "amqp", "http"),
                opt("vhostName", "/"),
                env("username", "app"),
                secret("password")),
            "value",
            "activationValue",
            List.of(),
            "the ready messages (or messages per second) one replica should handle"));
    SPECS.put(
        TriggerType.NATS_JETSTREAM,
        new Spec(
            List.of(
                new Param(
                    "natsServerMonitoringEndpoint",
                    Kind.TEXT,
                    false,
                    true,
                    false,
                    List.of(),
                    "localhost:8222"),
                new Param("url", Kind.URL, false, true, false, List.of(), "nats://localhost:4222"),
                opt("account", "$G"),
                req("stream", "jobs"),
                req("consumer", "workers"),
                num("lagThreshold", "10"),
                num("activationLagThreshold", "0"),
                bool("useHttps"),
                env("username", "app"),
                secret("password")),
            "lagThreshold",
            "activationLagThreshold",
            List.of(List.of("natsServerMonitoringEndpoint", "url")),
            "the pending messages one replica should handle"));
    SPECS.put(
        TriggerType.POSTGRESQL,
        new Spec(
            List.of(
                new Param("connection", Kind.TEXT, false, true, true, List.of(), "DATABASE_URL"),
                env("host", "localhost"),
                p("port", Kind.WHOLE, false, true, "5432"),
                env("userName", "app"),
                env("dbName", "app"),
                choice(
                    "sslmode", "disable", "allow", "prefer", "require", "verify-ca", "verify-full"),
                secret("password"),
                req("query", "SELECT count(*) FROM jobs WHERE state = 'queued'"),
                num("targetQueryValue", "10"),
                num("activationTargetQueryValue", "0")),
            "targetQueryValue",
            "activationTargetQueryValue",
            List.of(List.of("connection", "host")),
            "the query's value one replica should handle"));
    SPECS.put(
        TriggerType.PROMETHEUS,
        new Spec(
            List.of(
                new Param(
                    "serverAddress",
                    Kind.URL,
                    true,
                    true,
                    false,
                    List.of(),
                    "http://localhost:9090"),
                req("query", "sum(rate(http_requests_total[1m]))"),
                num("threshold", "100"),
                num("activationThreshold", "0"),
                bool("ignoreNullValues"),
                bool("unsafeSsl")),
            "threshold",
            "activationThreshold",
            List.of(),
            "the query's value one replica should handle"));
    SPECS.put(
        TriggerType.METRICS_API,
        new Spec(
            List.of(
                new Param("url", Kind.URL, true, true, false, List.of(), "http://localhost/queue"),
                req("valueLocation", "depth"),
                num("targetValue", "5"),
                num("activationTargetValue", "0"),
                choice("format", "json"),
                bool("unsafeSsl")),
            "targetValue",
            "activationTargetValue",
            List.of(),
            "the value one replica should handle"));
    Spec resource =
        new Spec(
            List.of(p("value", Kind.NUMBER, true, false, "70")),
            "value",
            null,
            List.of(),
            "the use per replica: a percentage of its request (Utilization) or a quantity"
                + " (AverageValue)");
    SPECS.put(TriggerType.CPU, resource);
    SPECS.put(TriggerType.MEMORY, resource);
    SPECS.put(
        TriggerType.CRON,
        new Spec(
            List.of(
                new Param("timezone", Kind.ZONE, true, false, false, List.of(), "Europe/Paris"),
                new Param("start", Kind.CRON, true, false, false, List.of(), "0 8 * * 1-5"),
                new Param("end", Kind.CRON, true, false, false, List.of(), "0 18 * * 1-5"),
                new Param("desiredReplicas", Kind.WHOLE, true, false, false, List.of(), "2")),
            null,
            null,
            List.of(),
            "the replicas to keep inside the window"));
    SPECS.put(
        TriggerType.HTTP,
        new Spec(
            List.of(num("targetConcurrency", "10"), num("targetRequestRate", "100")),
            "targetConcurrency",
            null,
            List.of(List.of("targetConcurrency", "targetRequestRate")),
            "the requests in flight (targetConcurrency) or per second (targetRequestRate) one"
                + " replica should handle"));
  }

  private TriggerParams() {}

  static Spec of(TriggerType type) {
    return SPECS.get(type);
  }

  /**
   * KEDA's name of the parameter holding {@code type}'s target ({@code listLength}, {@code
   * threshold}), or {@code null} ({@code cron}): {@link dev.berth.core.model.TriggerSpec} keeps the
   * target apart from its other parameters, and a ScaledObject needs it back under this name.
   */
  public static String targetParam(TriggerType type) {
    return SPECS.get(type).target();
  }

  /** KEDA's name of the parameter holding {@code type}'s activation target, or {@code null}. */
  public static String activationParam(TriggerType type) {
    return SPECS.get(type).activation();
  }

  /** Every key a trigger of {@code type} accepts, {@code FromEnv} forms included, in order. */
  public static List<String> keys(TriggerType type) {
    Set<String> out = new LinkedHashSet<>(COMMON);
    for (Param p : SPECS.get(type).params()) {
      if (!p.secret()) {
        out.add(p.name());
      }
      if (p.fromEnv()) {
        out.add(p.name() + "FromEnv");
      }
    }
    return new ArrayList<>(out);
  }

  private static Param p(String name, Kind kind, boolean required, boolean fromEnv, String ex) {
    return new Param(name, kind, required, fromEnv, false, List.of(), ex);
  }

  private static Param req(String name, String ex) {
    return p(name, Kind.TEXT, true, false, ex);
  }

  private static Param opt(String name, String ex) {
    return p(name, Kind.TEXT, false, false, ex);
  }

  private static Param env(String name, String ex) {
    return p(name, Kind.TEXT, false, true, ex);
  }

  private static Param num(String name, String ex) {
    return p(name, Kind.NUMBER, false, false, ex);
  }

  private static Param bool(String name) {
    return p(name, Kind.BOOL, false, false, "true");
  }

  private static Param secret(String name) {
    return new Param(name, Kind.TEXT, false, true, true, List.of(), "");
  }

  private static Param choice(String name, String... values) {
    return new Param(name, Kind.CHOICE, false, false, false, List.of(values), values[0]);
  }
}
