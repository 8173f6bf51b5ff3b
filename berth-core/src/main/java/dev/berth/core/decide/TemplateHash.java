package dev.berth.core.decide;

import dev.berth.core.model.HealthCheck;
import dev.berth.core.model.ServiceSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The identity of a service's replica template: a short hash of everything that requires new
 * replicas when it changes — type, command, port, resources, env, health check, the working
 * directory and the user — and of nothing else (not the replica count, not the cron schedule), so
 * scaling never replaces replicas and an unchanged re-apply is a no-op. Like Kubernetes'
 * pod-template-hash.
 */
public final class TemplateHash {
  private TemplateHash() {}

  /** Ten lower-case hex characters (40 bits), stable across JVMs and versions of this class. */
  public static String of(ServiceSpec spec, String workingDir) {
    StringBuilder b = new StringBuilder(256);
    field(b, "type", spec.type().wireName());
    field(b, "command", spec.command());
    field(b, "port", Integer.toString(spec.port()));
    field(b, "cpu", Long.toString(spec.resources().cpuMillis()));
    field(b, "memory", Long.toString(spec.resources().memoryBytes()));
    field(b, "cpuLimit", Long.toString(spec.resources().cpuLimitMillis()));
    field(b, "memoryLimit", Long.toString(spec.resources().memoryLimitBytes()));
    for (Map.Entry<String, String> e : new TreeMap<>(spec.env()).entrySet()) {
      field(b, "env." + e.getKey(), e.getValue());
    }
    HealthCheck h = spec.health();
    field(b, "health.kind", h.kind().name());
    field(b, "health.target", h.target());
    field(b, "health.interval", h.interval().toString());
    field(b, "health.timeout", h.timeout().toString());
    field(b, "health.failureThreshold", Integer.toString(h.failureThreshold()));
    field(b, "health.initialDelay", h.initialDelay().toString());
    field(b, "health.startupTimeout", h.startupTimeout().toString());
    field(b, "health.liveness", Boolean.toString(h.liveness()));
    field(b, "workingDir", workingDir == null ? "" : workingDir);
    if (!spec.user().isEmpty()) { // absent when unset: the hashes of existing services stay
      field(b, "user", spec.user());
    }
    if (spec.image() != null) { // absent when unset, as user
      field(b, "image", spec.image());
    }
    return HexFormat.of().formatHex(sha256(b.toString())).substring(0, 10);
  }

  /** Length-prefixed so no two different templates can produce the same text. */
  private static void field(StringBuilder b, String name, String value) {
    b.append(name.length()).append(':').append(name).append('=');
    b.append(value.length()).append(':').append(value).append('\n');
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
