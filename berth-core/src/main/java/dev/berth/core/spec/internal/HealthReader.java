package dev.berth.core.spec.internal;

import static dev.berth.core.spec.internal.MappingReader.join;

import dev.berth.core.model.HealthCheck;
import dev.berth.core.spec.Durations;
import dev.berth.core.spec.InvalidValueException;
import dev.berth.core.spec.internal.MappingReader.Entry;
import java.time.Duration;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a {@code health} value: {@code none} (or {@code false}), or a mapping with at most one
 * probe ({@code http}, {@code tcp}, {@code exec}) and optional timings. Value-level rules only;
 * whether the probe suits the service type is decided when the service is resolved.
 */
final class HealthReader {

  static final String FORMS =
      "use {http: /health}, {tcp: true}, {exec: \"command\"}, or none to turn probing off";
  private static final Duration MAX = Duration.ofHours(1);

  private final MappingReader maps;
  private final Problems p;

  HealthReader(MappingReader maps, Problems problems) {
    this.maps = maps;
    this.p = problems;
  }

  HealthDraft read(Node v, String path) {
    HealthDraft h = new HealthDraft(v);
    if (v instanceof ScalarNode s) {
      boolean off =
          (Tag.STR.equals(s.getTag()) && s.getValue().equals("none"))
              || (Tag.BOOL.equals(s.getTag()) && s.getValue().equalsIgnoreCase("false"));
      if (off) {
        h.disabled = true;
        return h;
      }
      p.at(
          v,
          path,
          Scalars.isNull(v)
              ? "health has no value"
              : Scalars.describe(v) + " is not a health check",
          FORMS);
      return null;
    }
    if (!(v instanceof MappingNode m)) {
      p.at(v, path, "expected a health check, got " + Scalars.describe(v), FORMS);
      return null;
    }
    String firstProbe = null;
    for (Entry e : maps.fields(m, path, Keys.HEALTH).values()) {
      String kp = join(path, e.key());
      Node n = e.valueNode();
      if (Keys.PROBES.contains(e.key())) {
        probe(h, e, kp, firstProbe);
        firstProbe = firstProbe == null ? e.key() : firstProbe;
        continue;
      }
      switch (e.key()) {
        case "interval" -> h.interval = duration(n, kp, e.key(), false);
        case "timeout" -> h.timeout = duration(n, kp, e.key(), false);
        case "startupTimeout" -> h.startupTimeout = duration(n, kp, e.key(), false);
        case "initialDelay" -> h.initialDelay = duration(n, kp, e.key(), true);
        case "failureThreshold" -> {
          Integer t = Scalars.integer(n, kp, e.key(), 1, 100, p);
          h.failureThreshold = t == null ? null : new Located<>(t, n, kp);
        }
        case "liveness" -> {
          Boolean b = Scalars.bool(n, kp, e.key(), p);
          h.liveness = b == null ? null : new Located<>(b, n, kp);
        }
        default -> throw new IllegalStateException(e.key());
      }
    }
    return h;
  }

  private void probe(HealthDraft h, Entry e, String kp, String first) {
    if (first != null) {
      p.at(
          e.keyNode(),
          kp,
          "a health check has one probe, and this one already has '" + first + "'",
          "keep one of http, tcp and exec");
      return;
    }
    Node n = e.valueNode();
    switch (e.key()) {
      case "http" -> {
        String path = Scalars.nonBlank(n, kp, "an HTTP path such as /health", p);
        if (path == null) {
          return;
        }
        if (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
          p.at(
              n,
              kp,
              Scalars.quote(path) + " is not an HTTP path",
              "start it with '/' and leave out spaces, e.g. /health");
          return;
        }
        h.kind = new Located<>(HealthCheck.Kind.HTTP, e.keyNode(), kp);
        h.target = path;
      }
      case "tcp" -> {
        Boolean b = Scalars.bool(n, kp, "tcp", p);
        if (b == null) {
          return;
        }
        if (!b) {
          p.at(
              n,
              kp,
              "tcp: false does not turn probing off",
              "write tcp: true for a TCP probe, or health: none for no probe");
          return;
        }
        h.kind = new Located<>(HealthCheck.Kind.TCP, e.keyNode(), kp);
      }
      default -> {
        String command = Scalars.nonBlank(n, kp, "a command", p);
        if (command != null) {
          h.kind = new Located<>(HealthCheck.Kind.EXEC, e.keyNode(), kp);
          h.target = command;
        }
      }
    }
  }

  private Located<Duration> duration(Node n, String kp, String key, boolean zeroAllowed) {
    String text = Scalars.text(n, kp, "a duration such as 2s", p);
    if (text == null) {
      return null;
    }
    Duration d;
    try {
      d = Durations.parse(text);
    } catch (InvalidValueException ex) {
      p.at(n, kp, ex.problem(), ex.hint());
      return null;
    }
    if (d.isZero() && !zeroAllowed) {
      p.at(
          n,
          kp,
          key + " " + Scalars.quote(text) + " must be longer than zero",
          "use at least 1ms, e.g. " + (key.equals("interval") ? "2s" : "1s"));
      return null;
    }
    if (d.compareTo(MAX) > 0) {
      p.at(n, kp, key + " " + Scalars.quote(text) + " is too long", "use at most 1h");
      return null;
    }
    return new Located<>(d, n, kp);
  }
}
