package dev.berth.core.plan;

import dev.berth.core.model.CountOrPercent;
import dev.berth.core.model.Percent;
import dev.berth.core.model.ServiceSpec;
import dev.berth.core.spec.Durations;
import dev.berth.core.spec.Quantities;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The field-by-field difference of two specs of one service, without the replica count (the planner
 * decides that one, since {@code berth scale} and the autoscaler own it too).
 *
 * <p>Walks the records' components generically, so a field added to {@link ServiceSpec} (or to a
 * record inside it) shows up in plans without a change here. Values are spelled as in berth.yaml
 * where that is cheap (durations {@code 1m30s}, CPU {@code 250m}, memory {@code 256Mi}, enums in
 * lower case). Order: the components' declaration order; for {@code env}, the old keys in their
 * order, then the added ones.
 */
public final class ServiceDiff {
  /** Top-level fields whose change makes new replicas (those {@code TemplateHash} covers). */
  private static final Set<String> REPLACING =
      Set.of("type", "command", "port", "resources", "env", "health", "user", "image");

  private ServiceDiff() {}

  /**
   * What changes from {@code before} to {@code after}; empty when they are equal but for the
   * replica count. Env values of keys {@code sensitivity} calls secret are hidden.
   */
  public static List<FieldChange> of(
      ServiceSpec before, ServiceSpec after, Sensitivity sensitivity) {
    List<FieldChange> out = new ArrayList<>();
    if (before.equals(after)) {
      return out;
    }
    for (RecordComponent c : ServiceSpec.class.getRecordComponents()) {
      String name = c.getName();
      if (name.equals("name") || name.equals("replicas")) {
        continue;
      }
      Object a = get(c, before);
      Object b = get(c, after);
      if (Objects.equals(a, b)) {
        continue;
      }
      boolean replaces = REPLACING.contains(name);
      if (name.equals("env")) {
        env(before.env(), after.env(), after.name(), sensitivity, out);
      } else {
        walk(displayName(name), a, b, replaces, out);
      }
    }
    return out;
  }

  private static void env(
      Map<String, String> a,
      Map<String, String> b,
      String service,
      Sensitivity sensitivity,
      List<FieldChange> out) {
    Set<String> keys = new LinkedHashSet<>(a.keySet());
    keys.addAll(b.keySet());
    for (String k : keys) {
      String x = a.get(k);
      String y = b.get(k);
      if (Objects.equals(x, y)) {
        continue;
      }
      boolean secret = sensitivity.secret(service, k);
      out.add(
          new FieldChange(
              "env." + k,
              secret && x != null ? FieldChange.SENSITIVE : x,
              secret && y != null ? FieldChange.SENSITIVE : y,
              secret,
              true));
    }
  }

  /** Recurses into records present on both sides; anything else is one field. */
  private static void walk(
      String path, Object a, Object b, boolean replaces, List<FieldChange> out) {
    if (a != null
        && b != null
        && a.getClass() == b.getClass()
        && a.getClass().isRecord()
        && !overridesToString(a.getClass())) {
      for (RecordComponent c : a.getClass().getRecordComponents()) {
        Object x = get(c, a);
        Object y = get(c, b);
        if (!Objects.equals(x, y)) {
          walk(path + "." + displayName(c.getName()), x, y, replaces, out);
        }
      }
      return;
    }
    out.add(new FieldChange(path, show(path, a), show(path, b), false, replaces));
  }

  /** The spec's name for a model component ({@code cpuMillis} is {@code cpu}...). */
  private static String displayName(String component) {
    return switch (component) {
      case "cron" -> "schedule";
      case "expression" -> "cron";
      case "cpuMillis" -> "cpu";
      case "memoryBytes" -> "memory";
      case "cpuLimitMillis" -> "cpuLimit";
      case "memoryLimitBytes" -> "memoryLimit";
      default -> component;
    };
  }

  static String show(String path, Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof Duration d) {
      return d.isNegative() || d.getNano() % 1_000_000 != 0 ? d.toString() : Durations.format(d);
    }
    if (v instanceof Enum<?> e) {
      return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
    if (v instanceof Long n && path.startsWith("resources.")) {
      return path.endsWith("cpu") || path.endsWith("cpuLimit")
          ? Quantities.formatCpu(n)
          : Quantities.formatMemory(n);
    }
    if (v instanceof List<?> l) {
      return l.size() + (l.size() == 1 ? " item" : " items") + " " + shortHash(l);
    }
    String s = String.valueOf(v);
    return s.length() > 200 ? s.substring(0, 197) + "..." : s;
  }

  /** Tells two lists of the same size apart without printing them whole. */
  private static String shortHash(Object v) {
    return "#" + Integer.toHexString(v.toString().hashCode());
  }

  /** A record with its own spelling ({@code 25%}) is one value, not a group of fields. */
  private static boolean overridesToString(Class<?> type) {
    return type == CountOrPercent.class || type == Percent.class;
  }

  private static Object get(RecordComponent c, Object record) {
    try {
      return c.getAccessor().invoke(record);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + c.getName() + " of " + record, e);
    }
  }
}
