package dev.berth.server;

import dev.berth.core.decide.CrashLoopBackoff;
import dev.berth.router.RouterConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How {@code berth up} runs the control plane.
 *
 * @param dataDir where the store, logs and runtime state live ({@code $HOME/.berth} by default, see
 *     {@link #defaultDataDir})
 * @param apiHost interface the API binds ({@code 127.0.0.1})
 * @param apiPort API port ({@code 7070}; 0 = ephemeral, for tests)
 * @param routerHost interface the router binds ({@code 127.0.0.1})
 * @param routerPort router port ({@code 8080}; 0 = ephemeral)
 * @param databaseUrl {@code postgresql://...} to keep state in PostgreSQL, or {@code null} for the
 *     embedded SQLite database in the data directory
 * @param stopGrace how long a replica may take to stop after SIGTERM before it is killed
 * @param keepRunning leave replicas running when the control plane stops
 * @param backoff the CrashLoopBackOff of crashing replicas (base, cap, reset)
 */
public record ServerConfig(
    Path dataDir,
    String apiHost,
    int apiPort,
    String routerHost,
    int routerPort,
    String databaseUrl,
    Duration stopGrace,
    boolean keepRunning,
    CrashLoopBackoff backoff,
    long maxArtifactBytes,
    int keepArtifacts) {

  public static final int DEFAULT_API_PORT = 7070;
  public static final int DEFAULT_ROUTER_PORT = RouterConfig.DEFAULT_PORT;
  public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(30);

  /** The largest artifact (the packed code of one apply) accepted by default: 1 GiB. */
  public static final long DEFAULT_MAX_ARTIFACT_BYTES = 1L << 30;

  public ServerConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(apiHost, "apiHost");
    Objects.requireNonNull(routerHost, "routerHost");
    Objects.requireNonNull(stopGrace, "stopGrace");
    Objects.requireNonNull(backoff, "backoff");
    if (keepArtifacts < 1) {
      throw new IllegalArgumentException("keepArtifacts must be at least 1");
    }
    if (maxArtifactBytes < 1) {
      throw new IllegalArgumentException("maxArtifactBytes must be positive");
    }
  }

  /**
   * The embedded defaults (everything on loopback) with the data directory {@link #defaultDataDir}
   * finds in this process's environment. For tests and embedding; {@code berth up} passes its own.
   */
  public static ServerConfig defaults() {
    return defaults(defaultDataDir(System.getenv()));
  }

  /** The embedded defaults: everything on loopback, data in {@code dataDir}. */
  public static ServerConfig defaults(Path dataDir) {
    return new ServerConfig(
        dataDir,
        "127.0.0.1",
        DEFAULT_API_PORT,
        RouterConfig.DEFAULT_BIND_HOST,
        DEFAULT_ROUTER_PORT,
        null,
        DEFAULT_STOP_GRACE,
        false,
        CrashLoopBackoff.DEFAULT,
        DEFAULT_MAX_ARTIFACT_BYTES,
        dev.berth.core.decide.ArtifactRetention.DEFAULT.keep());
  }

  /**
   * The data directory when {@code --data-dir} is not given: {@code $BERTH_DATA_DIR} (as given,
   * possibly relative), else {@code $HOME/.berth}. Read from {@code env}, never from Java's {@code
   * user.home} (see {@link UserHome}).
   *
   * @throws IllegalStateException when neither is usable, saying what to set
   */
  public static Path defaultDataDir(Map<String, String> env) {
    String dir = env.get("BERTH_DATA_DIR");
    if (dir != null && !dir.isBlank()) {
      return Path.of(dir);
    }
    return UserHome.of(env).resolve(".berth");
  }

  public ServerConfig withDataDir(Path dir) {
    return new Builder(this).dataDir(dir).build();
  }

  public ServerConfig withPorts(int api, int router) {
    return new Builder(this).ports(api, router).build();
  }

  public ServerConfig withDatabaseUrl(String url) {
    return new Builder(this).databaseUrl(url).build();
  }

  public ServerConfig withKeepRunning(boolean keep) {
    return new Builder(this).keepRunning(keep).build();
  }

  public ServerConfig withStopGrace(Duration grace) {
    return new Builder(this).stopGrace(grace).build();
  }

  public ServerConfig withBackoff(CrashLoopBackoff b) {
    return new Builder(this).backoff(b).build();
  }

  public ServerConfig withMaxArtifactBytes(long bytes) {
    return new Builder(this).maxArtifactBytes(bytes).build();
  }

  public ServerConfig withKeepArtifacts(int n) {
    return new Builder(this).keepArtifacts(n).build();
  }

  /** A copy with one or more components changed: keeps each wither to one line. */
  private static final class Builder {
    private Path dataDir;
    private final String apiHost;
    private int apiPort;
    private final String routerHost;
    private int routerPort;
    private String databaseUrl;
    private Duration stopGrace;
    private boolean keepRunning;
    private CrashLoopBackoff backoff;
    private long maxArtifactBytes;
    private int keepArtifacts;

    Builder(ServerConfig c) {
      dataDir = c.dataDir;
      apiHost = c.apiHost;
      apiPort = c.apiPort;
      routerHost = c.routerHost;
      routerPort = c.routerPort;
      databaseUrl = c.databaseUrl;
      stopGrace = c.stopGrace;
      keepRunning = c.keepRunning;
      backoff = c.backoff;
      maxArtifactBytes = c.maxArtifactBytes;
      keepArtifacts = c.keepArtifacts;
    }

    Builder keepArtifacts(int v) {
      keepArtifacts = v;
      return this;
    }

    Builder maxArtifactBytes(long v) {
      maxArtifactBytes = v;
      return this;
    }

    Builder dataDir(Path v) {
      dataDir = v;
      return this;
    }

    Builder ports(int api, int router) {
      apiPort = api;
      routerPort = router;
      return this;
    }

    Builder databaseUrl(String v) {
      databaseUrl = v;
      return this;
    }

    Builder stopGrace(Duration v) {
      stopGrace = v;
      return this;
    }

    Builder keepRunning(boolean v) {
      keepRunning = v;
      return this;
    }

    Builder backoff(CrashLoopBackoff v) {
      backoff = v;
      return this;
    }

    ServerConfig build() {
      return new ServerConfig(
          dataDir,
          apiHost,
          apiPort,
          routerHost,
          routerPort,
          databaseUrl,
          stopGrace,
          keepRunning,
          backoff,
          maxArtifactBytes,
          keepArtifacts);
    }
  }
}
