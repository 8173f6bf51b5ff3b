package dev.berth.core.spec.internal;

import static dev.berth.core.spec.internal.MappingReader.join;

import dev.berth.core.cron.CronSchedules;
import dev.berth.core.model.CronSchedule;
import dev.berth.core.model.ServiceSpec;
import dev.berth.core.model.ServiceType;
import dev.berth.core.spec.InvalidValueException;
import dev.berth.core.spec.Quantities;
import dev.berth.core.spec.internal.MappingReader.Entry;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads one service's settings (in {@code services:} or in an environment's override) into a {@link
 * ServiceDraft}, checking each value on its own. Rules between keys (a cron service needs a
 * schedule, only web services have a port) wait for {@link ServiceResolver}, after overrides are
 * merged.
 */
final class ServiceReader {

  private static final String SCHEDULE_HINT =
      "write minute hour day-of-month month day-of-week, e.g. \"0 2 * * *\" for 02:00 daily,"
          + " or a macro such as @hourly, @daily, @weekly or @monthly";

  private final MappingReader maps;
  private final Problems p;
  private final HealthReader health;
  private final DeployReader deploy;
  private final AutoscaleReader autoscale;
  private final CronReader cron;

  ServiceReader(MappingReader maps, Problems problems) {
    this.maps = maps;
    this.p = problems;
    this.health = new HealthReader(maps, problems);
    this.deploy = new DeployReader(maps, problems);
    this.autoscale = new AutoscaleReader(maps, problems);
    this.cron = new CronReader(maps, problems);
  }

  /**
   * Reads a service's value; {@code override} is true inside {@code environments}, where {@code
   * type} cannot change and an {@code env} entry without a value removes the variable.
   */
  ServiceDraft read(String name, ScalarNode nameNode, Node value, String path, boolean override) {
    ServiceDraft d = new ServiceDraft(name, nameNode);
    if (value == null || Scalars.isNull(value)) {
      return d;
    }
    if (!(value instanceof MappingNode m)) {
      p.at(
          value,
          path,
          "expected the settings of service '" + name + "', got " + Scalars.describe(value),
          "write a mapping, e.g. " + name + ": {command: ..., replicas: 2}");
      d.invalid = true;
      return d;
    }
    for (Entry e : maps.fields(m, path, Keys.SERVICE).values()) {
      String kp = join(path, e.key());
      Node v = e.valueNode();
      d.given.put(e.key(), new Located<>(kp, e.keyNode(), kp));
      switch (e.key()) {
        case "type" -> {
          if (override) {
            p.at(
                e.keyNode(),
                kp,
                "type cannot change per environment",
                "remove it here; declare a separate service for another type");
          } else {
            d.type =
                choice(
                    v,
                    kp,
                    "a service type",
                    List.of("web", "worker", "cron"),
                    ServiceType::fromWire);
          }
        }
        case "command" -> d.command = located(Scalars.nonBlank(v, kp, "a command", p), v, kp);
        case "port" -> d.port = located(Scalars.integer(v, kp, "port", 1, 65535, p), v, kp);
        case "replicas" ->
            d.replicas =
                located(Scalars.integer(v, kp, "replicas", 0, ServiceSpec.MAX_REPLICAS, p), v, kp);
        case "resources" -> resources(d, v, kp);
        case "env" -> env(d, v, kp, override);
        case "health" -> d.health = health.read(v, kp);
        case "schedule" -> d.schedule = schedule(v, kp);
        case "timezone" -> d.timezone = timezone(v, kp);
        case "concurrency" ->
            d.concurrency =
                choice(
                    v,
                    kp,
                    "a concurrency policy",
                    List.of("allow", "forbid", "replace"),
                    CronSchedule.Concurrency::fromWire);
        case "startingDeadline", "missedRuns", "timeout", "retries", "suspend", "history" ->
            cron.read(d.cron, e.key(), v, kp);
        case "user" -> d.user = user(v, kp);
        case "deploy" -> d.deploy = deploy.read(v, kp);
        case "autoscale" -> d.autoscale = located(autoscale.read(v, kp), v, kp);
        case "image" -> d.image = ImageRule.read(v, kp, p);
        default -> throw new IllegalStateException(e.key());
      }
    }
    return d;
  }

  private static <T> Located<T> located(T value, Node n, String path) {
    return value == null ? null : new Located<>(value, n, path);
  }

  private <T> Located<T> choice(
      Node v, String kp, String what, List<String> allowed, Function<String, T> parse) {
    String text = Scalars.text(v, kp, what, p);
    if (text == null) {
      return null;
    }
    T value = parse.apply(text);
    if (value == null) {
      p.at(
          v,
          kp,
          Scalars.quote(text) + " is not " + what,
          Suggestions.didYouMean(text, allowed, "use " + Suggestions.quotedList(allowed, "or")));
    }
    return located(value, v, kp);
  }

  private void resources(ServiceDraft d, Node v, String kp) {
    if (Scalars.isNull(v)) {
      return;
    }
    if (!(v instanceof MappingNode m)) {
      p.at(
          v,
          kp,
          "expected a mapping with cpu and memory, got " + Scalars.describe(v),
          "write e.g. resources: {cpu: 250m, memory: 512Mi}");
      return;
    }
    for (Entry e : maps.fields(m, kp, Keys.RESOURCES).values()) {
      String rp = join(kp, e.key());
      Node n = e.valueNode();
      boolean cpu = e.key().equals("cpu");
      String text =
          Scalars.text(
              n, rp, cpu ? "a CPU quantity such as 250m" : "a memory quantity such as 512Mi", p);
      if (text == null) {
        continue;
      }
      try {
        if (cpu) {
          d.cpu = new Located<>(Quantities.parseCpuMillis(text), n, rp);
        } else {
          d.memory = new Located<>(Quantities.parseMemoryBytes(text), n, rp);
        }
      } catch (InvalidValueException ex) {
        p.at(n, rp, ex.problem(), ex.hint());
      }
    }
  }

  private void env(ServiceDraft d, Node v, String kp, boolean override) {
    if (Scalars.isNull(v)) {
      return;
    }
    if (!(v instanceof MappingNode m)) {
      p.at(
          v,
          kp,
          "expected a mapping of NAME: value, got " + Scalars.describe(v),
          "write e.g. env: {LOG_LEVEL: info}");
      return;
    }
    for (Entry e : maps.entries(m, kp).values()) {
      String name = e.key();
      String ep = join(kp, name);
      Node n = e.valueNode();
      if (!Names.isEnvName(name)) {
        p.at(
            e.keyNode(),
            ep,
            Scalars.quote(name) + " is not a valid environment variable name",
            "use letters, digits and '_', not starting with a digit, e.g. "
                + Names.envNameFrom(name));
        continue;
      }
      if (name.equals("PORT")) {
        p.at(
            e.keyNode(),
            ep,
            "PORT is set by Berth",
            "remove it: Berth gives each web replica its own PORT; listen on $PORT,"
                + " and set 'port:' for the container port");
        continue;
      }
      if (name.startsWith("BERTH_")) {
        p.at(
            e.keyNode(),
            ep,
            "names starting with BERTH_ are reserved for Berth",
            "rename it, e.g. APP_" + name.substring("BERTH_".length()));
        continue;
      }
      if (Scalars.isNull(n)) {
        if (override) {
          d.env.put(name, new Located<>(null, n, ep));
        } else {
          p.at(n, ep, name + " has no value", "write " + name + ": \"\" for an empty value");
        }
        continue;
      }
      if (!(n instanceof ScalarNode s)) {
        p.at(
            n,
            ep,
            "expected text, a number or true/false, got " + Scalars.describe(n),
            "quote structured values, e.g. " + name + ": '{\"a\": 1}'");
        continue;
      }
      d.env.put(name, new Located<>(s.getValue(), n, ep));
    }
  }

  private Located<String> schedule(Node v, String kp) {
    String text = Scalars.nonBlank(v, kp, "a cron schedule", p);
    if (text == null) {
      return null;
    }
    Optional<String> problem = CronSchedules.problem(text);
    if (problem.isPresent()) {
      p.at(
          v,
          kp,
          Scalars.quote(text) + " is not a valid cron schedule: " + problem.get(),
          SCHEDULE_HINT);
      return null;
    }
    return new Located<>(text.strip(), v, kp);
  }

  /** A login name as useradd accepts it: what {@code setpriv --reuid} can look up. */
  private static final java.util.regex.Pattern USER_NAME =
      java.util.regex.Pattern.compile("[a-z_][a-z0-9_.-]{0,31}");

  private Located<String> user(Node v, String kp) {
    String text = Scalars.nonBlank(v, kp, "a user name", p);
    if (text == null) {
      return null;
    }
    if (!USER_NAME.matcher(text).matches()) {
      p.at(
          v,
          kp,
          Scalars.quote(text) + " is not a user name",
          "give the name of a user on the control plane's machine, such as 'app' (lower-case"
              + " letters, digits, '_', '.', '-', at most 32 characters)");
      return null;
    }
    return new Located<>(text, v, kp);
  }

  private Located<String> timezone(Node v, String kp) {
    String text = Scalars.nonBlank(v, kp, "a time zone", p);
    if (text == null) {
      return null;
    }
    if (!Zones.isValid(text)) {
      p.at(v, kp, Scalars.quote(text) + " is not a time zone", Zones.hint(text));
      return null;
    }
    return new Located<>(text, v, kp);
  }
}
