package dev.berth.router;

import java.util.Objects;

/**
 * One ready replica endpoint the router may send requests to.
 *
 * <p>Invariant: {@code host} is non-blank and {@code port} is a valid TCP port (1-65535), so the
 * router never has to validate a backend on the request path. {@code replicaId} names the replica
 * in logs and error messages; two backends are the same backend when all three fields match, which
 * is what the balancer keys its in-flight counts on.
 */
public record Backend(String replicaId, String host, int port) {
  public Backend {
    Objects.requireNonNull(replicaId, "replicaId");
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("backend host must not be blank");
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("backend port must be 1-65535, got " + port);
    }
  }

  @Override
  public String toString() {
    return replicaId + "@" + host + ":" + port;
  }
}
