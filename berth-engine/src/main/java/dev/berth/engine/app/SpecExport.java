package dev.berth.engine.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.berth.core.model.EnvironmentSpec;
import dev.berth.core.model.ProjectSpec;
import dev.berth.core.model.ServiceSpec;
import dev.berth.core.spec.SpecException;
import dev.berth.core.spec.SpecParser;
import dev.berth.core.spec.SpecSource;
import dev.berth.core.spec.SpecWriter;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.EnvironmentRecord;
import dev.berth.engine.store.ServiceRecord;
import dev.berth.engine.store.Store;
import dev.berth.engine.store.StoreTx;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code berth export spec --env NAME}: the effective spec of an environment as it is stored now —
 * every service resolved (overrides merged, defaults spelled out), with the replica count that runs
 * (so a {@code berth scale} is written back too, the autoscaler's count aside), and the release
 * phase — as a berth.yaml that applies to the same state. Settings the writer does not spell
 * ({@code autoscale}, cron run settings) are copied as the applied spec text had them, the
 * environment's override first.
 */
public final class SpecExport {
  /** Keys copied from the applied text rather than written from the model. */
  static final List<String> COPIED =
      List.of(
          "autoscale",
          "startingDeadline",
          "missedRuns",
          "timeout",
          "retries",
          "suspend",
          "history");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Store store;

  public SpecExport(Store store) {
    this.store = store;
  }

  /**
   * @throws AppException {@code not_found} when the environment was never applied
   */
  public String export(EnvironmentKey key) {
    return store.read((StoreTx tx) -> export(tx, key));
  }

  private static String export(StoreTx tx, EnvironmentKey key) {
    EnvironmentRecord env =
        tx.environments().get(key).orElseThrow(() -> Lookups.noEnvironment(tx, key));
    List<ServiceRecord> records = tx.services().list(key);
    Map<String, ServiceSpec> services = new LinkedHashMap<>();
    Map<String, Integer> replicas = new LinkedHashMap<>();
    for (ServiceRecord r : records) {
      services.put(r.key().service(), r.spec());
      if (r.spec().autoscale() == null) {
        replicas.put(r.key().service(), r.replicas());
      }
    }
    ProjectSpec applied;
    try {
      applied = SpecParser.parse(new SpecSource(env.specFile(), env.specYaml(), env.procfile()));
    } catch (SpecException e) {
      applied = null; // a spec from an older version: export what the services say
    }
    Map<String, Map<String, Object>> extra = copied(env.specYaml(), key.environment(), services);
    return SpecWriter.write(
        key.project(),
        new EnvironmentSpec(key.environment(), env.target(), services),
        applied == null ? null : applied.release(),
        replicas,
        extra);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> copied(
      String yaml, String environment, Map<String, ServiceSpec> services) {
    Map<String, Object> doc;
    try {
      doc = YAML.readValue(yaml, Map.class);
    } catch (IOException | RuntimeException e) {
      return Map.of();
    }
    Map<String, Object> base = map(doc.get("services"));
    Map<String, Object> override =
        map(map(map(doc.get("environments")).get(environment)).get("services"));
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    for (String name : services.keySet()) {
      Map<String, Object> keys = new LinkedHashMap<>();
      for (Map<String, Object> level : List.of(map(base.get(name)), map(override.get(name)))) {
        for (String k : COPIED) {
          if (level.containsKey(k)) {
            keys.put(k, level.get(k));
          }
        }
      }
      if (!keys.isEmpty()) {
        out.put(name, keys);
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
