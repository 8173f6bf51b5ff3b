package dev.berth.core.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.berth.core.model.DeploySpec;
import dev.berth.core.model.EnvironmentSpec;
import dev.berth.core.model.HealthCheck;
import dev.berth.core.model.ReleasePhase;
import dev.berth.core.model.Resources;
import dev.berth.core.model.ServiceSpec;
import dev.berth.core.model.ServiceType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes one resolved environment back as a berth.yaml ({@code berth export spec}): every service
 * with its overrides merged and its defaults spelled out, and the environment declared, so the file
 * applies to the same state and can be committed to git.
 *
 * <p>Invariant (property-tested): parsing the text written for an environment gives the same
 * services, for every field this writer spells (type, command, port, replicas, resources, env,
 * health, schedule, timezone, concurrency, user, image, deploy). Settings it does not spell itself
 * (autoscale, the cron run settings) come from {@code extra}, raw, as the applied spec had them.
 */
public final class SpecWriter {
  private static final ObjectMapper YAML =
      new ObjectMapper(
          new YAMLFactory()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));

  private SpecWriter() {}

  /**
   * @param replicas the count to write per service (the count that runs now), or none for the
   *     spec's own
   * @param extra per service, keys to write as given (e.g. {@code autoscale}), raw YAML values
   */
  public static String write(
      String project,
      EnvironmentSpec env,
      ReleasePhase release,
      Map<String, Integer> replicas,
      Map<String, Map<String, Object>> extra) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("project", project);
    Map<String, Object> services = new LinkedHashMap<>();
    for (ServiceSpec s : env.serviceList()) {
      Map<String, Object> m = service(s, replicas.getOrDefault(s.name(), s.replicas()));
      m.putAll(extra.getOrDefault(s.name(), Map.of()));
      services.put(s.name(), m);
    }
    doc.put("services", services);
    if (release != null) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("command", release.command());
      r.put("timeout", Durations.format(release.timeout()));
      doc.put("release", r);
    }
    doc.put("environments", Map.of(env.name(), Map.of("target", env.target().wireName())));
    try {
      return YAML.writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a spec of strings and maps always writes", e);
    }
  }

  private static Map<String, Object> service(ServiceSpec s, int replicas) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", s.type().wireName());
    if (!s.command().isEmpty()) {
      m.put("command", s.command());
    }
    if (s.type() == ServiceType.WEB) {
      m.put("port", s.port());
    }
    if (s.type() != ServiceType.CRON) {
      m.put("replicas", replicas);
    } else {
      m.put("schedule", s.cron().expression());
      m.put("timezone", s.cron().timezone());
      m.put("concurrency", s.cron().concurrency().wireName());
    }
    Resources r = s.resources();
    if (!r.equals(Resources.DEFAULT)) {
      Map<String, Object> res = new LinkedHashMap<>();
      if (r.cpuLimitMillis() != 0 || r.cpuMillis() != Resources.DEFAULT_CPU_MILLIS) {
        res.put("cpu", Quantities.formatCpu(r.cpuMillis()));
      }
      if (r.memoryLimitBytes() != 0 || r.memoryBytes() != Resources.DEFAULT_MEMORY_BYTES) {
        res.put("memory", Quantities.formatMemory(r.memoryBytes()));
      }
      m.put("resources", res);
    }
    if (!s.env().isEmpty()) {
      m.put("env", new LinkedHashMap<>(s.env()));
    }
    if (s.type() != ServiceType.CRON) {
      m.put("health", health(s.health()));
    }
    if (!s.user().isEmpty()) {
      m.put("user", s.user());
    }
    if (s.image() != null) {
      m.put("image", s.image());
    }
    if (s.type() != ServiceType.CRON) {
      m.put("deploy", deploy(s.deploy()));
    }
    return m;
  }

  private static Object health(HealthCheck h) {
    if (h.kind() == HealthCheck.Kind.NONE) {
      return "none";
    }
    Map<String, Object> m = new LinkedHashMap<>();
    switch (h.kind()) {
      case HTTP -> m.put("http", h.target());
      case TCP -> m.put("tcp", true);
      case EXEC -> m.put("exec", h.target());
      default -> throw new IllegalStateException(h.kind().name());
    }
    m.put("interval", Durations.format(h.interval()));
    m.put("timeout", Durations.format(h.timeout()));
    m.put("failureThreshold", h.failureThreshold());
    m.put("initialDelay", Durations.format(h.initialDelay()));
    m.put("startupTimeout", Durations.format(h.startupTimeout()));
    m.put("liveness", h.liveness());
    return m;
  }

  private static Map<String, Object> deploy(DeploySpec d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("strategy", d.strategy().wireName());
    m.put("maxSurge", d.maxSurge().toString());
    m.put("maxUnavailable", d.maxUnavailable().toString());
    m.put("minReady", Durations.format(d.minReady()));
    m.put("progressDeadline", Durations.format(d.progressDeadline()));
    m.put("autoRollback", d.autoRollback());
    m.put("watch", Durations.format(d.watch()));
    m.put("errorRate", d.errorRate().toString());
    if (d.latencyP95() != null) {
      m.put("latencyP95", Durations.format(d.latencyP95()));
    }
    return m;
  }
}
