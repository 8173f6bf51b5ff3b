package dev.berth.runtime.local.internal.supervise;

import dev.berth.engine.runtime.ReplicaSpec;
import java.util.Map;
import java.util.TreeMap;

/**
 * The environment of a replica process: the control plane's own environment minus every {@code
 * BERTH_*} variable (they may hold the control plane's token), then the spec's variables, then what
 * Berth tells the app: {@code PORT} (web replicas only), {@code BERTH_SERVICE}, {@code
 * BERTH_RELEASE}, {@code BERTH_REPLICA}, {@code BERTH_PROJECT}, {@code BERTH_ENVIRONMENT}.
 */
public final class ReplicaEnvironment {
  private ReplicaEnvironment() {}

  public static Map<String, String> build(Map<String, String> parent, ReplicaSpec spec, int port) {
    Map<String, String> env = new TreeMap<>();
    parent.forEach(
        (k, v) -> {
          if (!k.startsWith("BERTH_")) {
            env.put(k, v);
          }
        });
    env.remove("PORT");
    env.putAll(spec.env());
    if (spec.needsPort()) {
      env.put("PORT", Integer.toString(port));
    } else {
      env.remove("PORT");
    }
    env.put("BERTH_SERVICE", spec.service());
    env.put("BERTH_RELEASE", spec.release());
    env.put("BERTH_REPLICA", spec.id());
    env.put("BERTH_PROJECT", spec.project());
    env.put("BERTH_ENVIRONMENT", spec.environment());
    return env;
  }
}
