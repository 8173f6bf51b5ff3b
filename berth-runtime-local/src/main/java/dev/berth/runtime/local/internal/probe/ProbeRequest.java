package dev.berth.runtime.local.internal.probe;

import dev.berth.core.model.HealthCheck;
import java.nio.file.Path;
import java.util.Map;

/**
 * One probe of one replica run.
 *
 * @param check what to probe and its timeout
 * @param port the replica's port on 127.0.0.1 (HTTP and TCP), 0 if none
 * @param workingDir where an EXEC probe runs
 * @param env the replica's environment, which an EXEC probe sees too
 */
public record ProbeRequest(HealthCheck check, int port, Path workingDir, Map<String, String> env) {
  public ProbeRequest {
    env = env == null ? Map.of() : Map.copyOf(env);
  }
}
