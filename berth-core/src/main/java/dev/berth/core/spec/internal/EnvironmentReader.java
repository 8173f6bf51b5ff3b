package dev.berth.core.spec.internal;

import static dev.berth.core.spec.internal.MappingReader.join;

import dev.berth.core.model.Target;
import dev.berth.core.spec.internal.MappingReader.Entry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads {@code environments:}: each environment's target and its per-service overrides, which may
 * only name services declared under the top-level {@code services:}.
 */
final class EnvironmentReader {

  /** One environment as written: its target and the overrides by service name. */
  record Draft(String name, Target target, Map<String, ServiceDraft> overrides) {}

  private final MappingReader maps;
  private final Problems p;
  private final ServiceReader services;

  EnvironmentReader(MappingReader maps, Problems problems, ServiceReader services) {
    this.maps = maps;
    this.p = problems;
    this.services = services;
  }

  Map<String, Draft> read(Node value, Map<String, ServiceDraft> declared) {
    Map<String, Draft> out = new LinkedHashMap<>();
    if (Scalars.isNull(value)) {
      return out;
    }
    if (!(value instanceof MappingNode m)) {
      p.at(
          value,
          "environments",
          "expected a mapping of environment names, got " + Scalars.describe(value),
          "write e.g. environments: {production: {target: local}}");
      return out;
    }
    for (Entry e : maps.entries(m, "environments").values()) {
      String path = join("environments", e.key());
      String why = Names.labelProblem(e.key());
      if (why != null) {
        p.at(
            e.keyNode(),
            path,
            Scalars.quote(e.key()) + " is not a valid environment name: it " + why,
            DocumentReader.labelHint(e.key()));
      }
      out.put(e.key(), environment(e, path, declared));
    }
    return out;
  }

  private Draft environment(Entry e, String path, Map<String, ServiceDraft> declared) {
    Node v = e.valueNode();
    Map<String, ServiceDraft> overrides = new LinkedHashMap<>();
    if (Scalars.isNull(v)) {
      return new Draft(e.key(), Target.LOCAL, overrides);
    }
    if (!(v instanceof MappingNode m)) {
      p.at(
          v,
          path,
          "expected the settings of environment '" + e.key() + "', got " + Scalars.describe(v),
          "write e.g. " + e.key() + ": {target: local}");
      return new Draft(e.key(), Target.LOCAL, overrides);
    }
    Target target = Target.LOCAL;
    for (Entry f : maps.fields(m, path, Keys.ENVIRONMENT).values()) {
      String kp = join(path, f.key());
      if (f.key().equals("target")) {
        String text = Scalars.text(f.valueNode(), kp, "a target", p);
        Target t = text == null ? null : Target.fromWire(text);
        if (text != null && t == null) {
          p.at(
              f.valueNode(),
              kp,
              Scalars.quote(text) + " is not a target",
              Suggestions.didYouMean(
                  text,
                  List.of("local", "kubernetes"),
                  "use 'local' (this machine) or 'kubernetes'"));
        }
        target = t == null ? Target.LOCAL : t;
      } else {
        overrides(f.valueNode(), kp, declared, overrides);
      }
    }
    return new Draft(e.key(), target, overrides);
  }

  private void overrides(
      Node v, String path, Map<String, ServiceDraft> declared, Map<String, ServiceDraft> out) {
    if (Scalars.isNull(v)) {
      return;
    }
    if (!(v instanceof MappingNode m)) {
      p.at(
          v,
          path,
          "expected a mapping of service overrides, got " + Scalars.describe(v),
          "write e.g. services: {web: {replicas: 1}}");
      return;
    }
    for (Entry e : maps.entries(m, path).values()) {
      String sp = join(path, e.key());
      if (!declared.containsKey(e.key())) {
        p.at(
            e.keyNode(),
            sp,
            "unknown service '" + e.key() + "'",
            Suggestions.didYouMean(
                e.key(),
                declared.keySet(),
                "an environment can only override services declared under 'services:' ("
                    + String.join(", ", declared.keySet())
                    + ")"));
        continue;
      }
      out.put(e.key(), services.read(e.key(), e.keyNode(), e.valueNode(), sp, true));
    }
  }
}
