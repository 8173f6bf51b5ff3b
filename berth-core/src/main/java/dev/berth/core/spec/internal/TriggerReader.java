package dev.berth.core.spec.internal;

import static dev.berth.core.spec.internal.MappingReader.join;

import dev.berth.core.model.TriggerSpec;
import dev.berth.core.model.TriggerSpec.MetricType;
import dev.berth.core.model.TriggerType;
import dev.berth.core.spec.InvalidValueException;
import dev.berth.core.spec.Quantities;
import dev.berth.core.spec.internal.MappingReader.Entry;
import dev.berth.core.spec.internal.TriggerParams.Param;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads one entry of {@code autoscale.triggers}: {@code {type: ..., <KEDA parameters>}}. Checks
 * each value, that the trigger has its target (and it is above zero), that exactly one of each
 * group of alternatives is given, and that no password is written inline (in a parameter or in a
 * URL): those come from the environment, as KEDA's {@code <param>FromEnv}.
 *
 * <p>Invariant: returns {@code null} exactly when it reported a problem.
 */
final class TriggerReader {

  /** A name a formula can refer to: letters, digits and '_', not starting with a digit. */
  static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

  private static final String FROM_ENV = "FromEnv";

  private final MappingReader maps;
  private final Problems p;

  TriggerReader(MappingReader maps, Problems problems) {
    this.maps = maps;
    this.p = problems;
  }

  static List<String> typeNames() {
    return Arrays.stream(TriggerType.values()).map(TriggerType::wireName).toList();
  }

  TriggerSpec read(Node v, String path, String defaultName) {
    if (!(v instanceof MappingNode m)) {
      p.at(
          v,
          path,
          "expected a trigger, got " + Scalars.describe(v),
          "write e.g. - {type: redis-list, address: localhost:6379, listName: jobs, listLength: 5}");
      return null;
    }
    Map<String, Entry> all = maps.entries(m, path);
    Entry typeEntry = all.get("type");
    if (typeEntry == null) {
      p.at(
          v,
          path,
          "trigger has no type",
          "add type: one of " + Suggestions.quotedList(typeNames(), "or"));
      return null;
    }
    String typeText = Scalars.text(typeEntry.valueNode(), join(path, "type"), "a trigger type", p);
    if (typeText == null) {
      return null;
    }
    TriggerType type = TriggerType.fromWire(typeText);
    if (type == null) {
      p.at(
          typeEntry.valueNode(),
          join(path, "type"),
          Scalars.quote(typeText) + " is not a trigger type",
          Suggestions.didYouMean(
              typeText, typeNames(), "use " + Suggestions.quotedList(typeNames(), "or")));
      return null;
    }
    return new OneTrigger(type, path).read(m, defaultName);
  }

  /** The reading of one trigger of a known type. */
  private final class OneTrigger {
    final TriggerType type;
    final String path;
    final TriggerParams.Spec spec;
    final ParamValues values;
    final int before = p.count();
    final Map<String, String> params = new LinkedHashMap<>();
    final Map<String, Entry> given = new LinkedHashMap<>();
    Double target;
    double activation;

    OneTrigger(TriggerType type, String path) {
      this.type = type;
      this.path = path;
      this.spec = TriggerParams.of(type);
      this.values = new ParamValues(p, type);
    }

    TriggerSpec read(MappingNode m, String defaultName) {
      List<String> allowed = new ArrayList<>(TriggerParams.keys(type));
      spec.params().stream().filter(Param::secret).forEach(s -> allowed.add(s.name()));
      Map<String, Entry> fields = maps.fields(m, path, allowed);
      String name = defaultName;
      MetricType metricType = type.resource() ? MetricType.Utilization : MetricType.AverageValue;
      Entry mt = fields.get("metricType");
      if (mt != null) {
        metricType = metricType(mt);
      }
      for (Entry e : fields.values()) {
        String kp = join(path, e.key());
        switch (e.key()) {
          case "type", "metricType" -> {}
          case "name" -> name = name(e.valueNode(), kp);
          default -> param(e, kp, metricType);
        }
      }
      checkGroups(m);
      if (spec.target() != null && target == null && p.count() == before) {
        Param t = spec.param(spec.target());
        p.at(
            m,
            path,
            "trigger '" + type.wireName() + "' has no target",
            "add "
                + (spec.oneOf().stream().anyMatch(g -> g.contains(spec.target()))
                    ? String.join(" or ", groupOf(spec.target()))
                    : spec.target())
                + ": "
                + t.example()
                + " ("
                + spec.targetMeaning()
                + ")");
      }
      if (p.count() > before || name == null || metricType == null) {
        return null;
      }
      return new TriggerSpec(
          name, type, metricType, target == null ? 1 : target, activation, params);
    }

    private List<String> groupOf(String key) {
      return spec.oneOf().stream().filter(g -> g.contains(key)).findFirst().orElse(List.of(key));
    }

    private MetricType metricType(Entry e) {
      String kp = join(path, "metricType");
      String text = Scalars.text(e.valueNode(), kp, "a metric type", p);
      if (text == null) {
        return null;
      }
      List<String> allowed =
          type.resource()
              ? List.of("Utilization", "AverageValue")
              : type == TriggerType.CRON
                  ? List.of("AverageValue")
                  : List.of("AverageValue", "Value");
      MetricType t = MetricType.fromWire(text);
      if (t == null || !allowed.contains(t.name())) {
        p.at(
            e.valueNode(),
            kp,
            Scalars.quote(text) + " is not a metric type of a " + type.wireName() + " trigger",
            Suggestions.didYouMean(text, allowed, "use " + Suggestions.quotedList(allowed, "or")));
        return null;
      }
      return t;
    }

    private String name(Node n, String kp) {
      String text = Scalars.nonBlank(n, kp, "a trigger name", p);
      if (text == null) {
        return null;
      }
      if (!NAME.matcher(text).matches()) {
        p.at(
            n,
            kp,
            Scalars.quote(text) + " is not a trigger name",
            "use letters, digits and '_', starting with a letter (a formula refers to it), e.g. "
                + Names.envNameFrom(text).toLowerCase(Locale.ROOT));
        return null;
      }
      return text;
    }

    private void param(Entry e, String kp, MetricType metricType) {
      String key = e.key();
      Node n = e.valueNode();
      if (key.endsWith(FROM_ENV)) {
        String var = Scalars.nonBlank(n, kp, "the name of an environment variable", p);
        if (var != null && !Names.isEnvName(var)) {
          p.at(
              n,
              kp,
              Scalars.quote(var) + " is not an environment variable name",
              "name a variable set in env: or with berth config, e.g. " + Names.envNameFrom(var));
        } else if (var != null) {
          params.put(key, var);
        }
        given.put(key.substring(0, key.length() - FROM_ENV.length()), e);
        return;
      }
      Param def = spec.param(key);
      if (def.secret()) {
        p.at(
            e.keyNode(),
            kp,
            key + " cannot be written in berth.yaml",
            "set it as a config var (berth config set NAME=...) and write "
                + key
                + "FromEnv: NAME, so it never shows in the spec, events or logs");
        return;
      }
      if (given.containsKey(key)) {
        p.at(
            e.keyNode(),
            kp,
            key + " is given twice, here and as " + key + FROM_ENV,
            "keep one of the two");
        return;
      }
      given.put(key, e);
      boolean isTarget = spec.target() != null && groupOf(spec.target()).contains(key);
      boolean quantity = type.resource() && metricType == MetricType.AverageValue;
      if (quantity) {
        quantity(n, kp);
        return;
      }
      String value = values.value(def, n, kp);
      if (value == null) {
        return;
      }
      if (isTarget) {
        double d = Double.parseDouble(value);
        if (!(d > 0)) {
          p.at(n, kp, key + " must be above zero", "use e.g. " + key + ": " + def.example());
          return;
        }
        target = d;
        if (groupOf(spec.target()).size() > 1) {
          params.put(key, value); // which one of the alternatives was given
        }
      } else if (key.equals(spec.activation())) {
        activation = Double.parseDouble(value);
      } else {
        params.put(key, value);
      }
    }

    private void quantity(Node n, String kp) {
      boolean cpu = type == TriggerType.CPU;
      String text =
          Scalars.text(n, kp, cpu ? "a CPU quantity such as 250m" : "a memory quantity", p);
      if (text == null) {
        return;
      }
      try {
        long v = cpu ? Quantities.parseCpuMillis(text) : Quantities.parseMemoryBytes(text);
        target = (double) v;
        params.put("unit", cpu ? "millicores" : "bytes");
      } catch (InvalidValueException ex) {
        p.at(n, kp, ex.problem(), ex.hint());
      }
    }

    private void checkGroups(MappingNode m) {
      for (List<String> group : spec.oneOf()) {
        List<String> present = group.stream().filter(given::containsKey).toList();
        if (present.size() > 1) {
          Entry second = given.get(present.get(1));
          p.at(
              second.keyNode(),
              join(path, second.key()),
              "give only one of " + Suggestions.quotedList(group, "and"),
              "remove " + present.get(1));
        } else if (present.isEmpty() && !group.contains(spec.target())) {
          p.at(
              m,
              path,
              "trigger '" + type.wireName() + "' needs " + Suggestions.quotedList(group, "or"),
              "add e.g. "
                  + group.get(0)
                  + ": "
                  + spec.param(group.get(0)).example()
                  + " (or "
                  + group.get(0)
                  + "FromEnv: NAME)");
        }
      }
      for (Param def : spec.params()) {
        if (def.required() && !given.containsKey(def.name())) {
          p.at(
              m,
              path,
              "trigger '" + type.wireName() + "' needs " + def.name(),
              "add " + def.name() + ": " + def.example());
        }
      }
    }
  }
}
