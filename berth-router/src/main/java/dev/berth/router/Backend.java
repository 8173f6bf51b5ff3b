package dev.berth.router;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

/**
 * One ready replica endpoint the router may send requests to.
 *
 * <p>Invariant: {@code host} is a host name or IP address (one a URI can hold) and {@code port} is
 * a valid TCP port (1-65535), so the router never has to validate a backend on the request path.
 * {@code replicaId} names the replica in logs and error messages; {@code revision} names what the
 * replica runs (the control plane passes the hash of its service template, which identifies the
 * release that introduced it; empty when unknown), so its answers can be counted per release
 * ({@link ReleaseTraffic}). Two backends are the same backend when all fields match, which is what
 * the balancer keys its in-flight counts on.
 */
public record Backend(String replicaId, String host, int port, String revision) {
  public Backend {
    Objects.requireNonNull(replicaId, "replicaId");
    Objects.requireNonNull(revision, "revision");
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("backend host must not be blank");
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("backend port must be 1-65535, got " + port);
    }
    if (originOf(host, port).getHost() == null) {
      throw new IllegalArgumentException(
          "backend host must be a host name or an IP address, got " + host);
    }
  }

  /** A backend whose revision is unknown. */
  public Backend(String replicaId, String host, int port) {
    this(replicaId, host, port, "");
  }

  @Override
  public String toString() {
    return replicaId + "@" + host + ":" + port;
  }

  /** {@code http://host:port}, IPv6 literals in brackets: where requests to this backend go. */
  public URI origin() {
    return originOf(host, port);
  }

  private static URI originOf(String host, int port) {
    String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    try {
      return new URI("http://" + h + ":" + port);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "backend host must be a host name or an IP address, got " + host, e);
    }
  }
}
