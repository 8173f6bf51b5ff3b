package dev.berth.runtime.local.internal.supervise;

import dev.berth.engine.runtime.ReplicaSpec;
import java.util.Map;
import java.util.TreeMap;

/**
 * The environment of a replica process: the control plane's own environment minus every {@code
 * BERTH_*} variable (they may hold the control plane's token) and minus its {@code HOME}, {@code
 * TMPDIR} and {@code XDG_*} directories (where its client config and token live); then the
 * replica's own {@code HOME} and {@code TMPDIR} (see {@link Installation}); then the spec's
 * variables (which may set those two differently); then what Berth tells the app: {@code PORT} (web
 * replicas only), {@code BERTH_SERVICE}, {@code BERTH_RELEASE}, {@code BERTH_REPLICA}, {@code
 * BERTH_PROJECT}, {@code BERTH_ENVIRONMENT}, {@code BERTH_PERSISTENT_DIR} and {@code
 * BERTH_SHARED_DIR} (directories kept across releases, see {@link Installation}), and {@code
 * BERTH_CONTROL_PLANE}, the installation marker that finds the process again after the control
 * plane died.
 */
public final class ReplicaEnvironment {
  /** The installation marker in each replica's environment. */
  public static final String CONTROL_PLANE = "BERTH_CONTROL_PLANE";

  /** The replica id in each replica's environment. */
  public static final String REPLICA = "BERTH_REPLICA";

  /** The service's directory for files kept across releases. */
  public static final String PERSISTENT_DIR = "BERTH_PERSISTENT_DIR";

  /** The environment's directory shared by all its services, kept across releases. */
  public static final String SHARED_DIR = "BERTH_SHARED_DIR";

  private ReplicaEnvironment() {}

  public static Map<String, String> build(
      Map<String, String> parent, ReplicaSpec spec, int port, Installation installation) {
    return build(parent, spec, port, installation, null);
  }

  /**
   * The same for a replica that runs as another user ({@code runAs}, or {@code null} for the
   * control plane's own): its {@code HOME} is that user's home directory and {@code TMPDIR} is left
   * unset ({@code /tmp}), since the data directory is not theirs to enter.
   */
  public static Map<String, String> build(
      Map<String, String> parent,
      ReplicaSpec spec,
      int port,
      Installation installation,
      Accounts.Account runAs) {
    Map<String, String> env = new TreeMap<>();
    parent.forEach(
        (k, v) -> {
          if (!k.startsWith("BERTH_") && !k.startsWith("XDG_")) {
            env.put(k, v);
          }
        });
    env.remove("PORT");
    env.remove("TMP");
    env.remove("TEMP");
    if (runAs == null) {
      env.put("HOME", installation.home(spec).toString());
      env.put("TMPDIR", installation.tmp(spec).toString());
    } else {
      env.put("HOME", runAs.home().toString());
      env.remove("TMPDIR");
    }
    env.putAll(spec.env());
    if (spec.needsPort()) {
      env.put("PORT", Integer.toString(port));
    } else {
      env.remove("PORT");
    }
    env.put("BERTH_SERVICE", spec.service());
    env.put("BERTH_RELEASE", spec.release());
    env.put(REPLICA, spec.id());
    env.put("BERTH_PROJECT", spec.project());
    env.put("BERTH_ENVIRONMENT", spec.environment());
    env.put(PERSISTENT_DIR, installation.persistent(spec).toString());
    env.put(SHARED_DIR, installation.shared(spec).toString());
    env.put(CONTROL_PLANE, installation.marker());
    return env;
  }
}
