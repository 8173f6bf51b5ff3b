package dev.berth.server;

import dev.berth.core.decide.CrashLoopBackoff;
import dev.berth.router.RouterConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@code berth up} runs the control plane.
 *
 * @param dataDir where the store, logs and runtime state live ({@code ~/.berth} by default)
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
    CrashLoopBackoff backoff) {

  public static final int DEFAULT_API_PORT = 7070;
  public static final int DEFAULT_ROUTER_PORT = RouterConfig.DEFAULT_PORT;
  public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(30);

  public ServerConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(apiHost, "apiHost");
    Objects.requireNonNull(routerHost, "routerHost");
    Objects.requireNonNull(stopGrace, "stopGrace");
    Objects.requireNonNull(backoff, "backoff");
  }

  /** The embedded defaults: everything on loopback, data in {@code ~/.berth}. */
  public static ServerConfig defaults() {
    return new ServerConfig(
        Path.of(System.getProperty("user.home"), ".berth"),
        "127.0.0.1",
        DEFAULT_API_PORT,
        RouterConfig.DEFAULT_BIND_HOST,
        DEFAULT_ROUTER_PORT,
        null,
        DEFAULT_STOP_GRACE,
        false,
        CrashLoopBackoff.DEFAULT);
  }

  public ServerConfig withDataDir(Path dir) {
    return new ServerConfig(
        dir,
        apiHost,
        apiPort,
        routerHost,
        routerPort,
        databaseUrl,
        stopGrace,
        keepRunning,
        backoff);
  }

  public ServerConfig withPorts(int api, int router) {
    return new ServerConfig(
        dataDir, apiHost, api, routerHost, router, databaseUrl, stopGrace, keepRunning, backoff);
  }

  public ServerConfig withDatabaseUrl(String url) {
    return new ServerConfig(
        dataDir, apiHost, apiPort, routerHost, routerPort, url, stopGrace, keepRunning, backoff);
  }

  public ServerConfig withKeepRunning(boolean keep) {
    return new ServerConfig(
        dataDir, apiHost, apiPort, routerHost, routerPort, databaseUrl, stopGrace, keep, backoff);
  }

  public ServerConfig withStopGrace(Duration grace) {
    return new ServerConfig(
        dataDir,
        apiHost,
        apiPort,
        routerHost,
        routerPort,
        databaseUrl,
        grace,
        keepRunning,
        backoff);
  }

  public ServerConfig withBackoff(CrashLoopBackoff b) {
    return new ServerConfig(
        dataDir, apiHost, apiPort, routerHost, routerPort, databaseUrl, stopGrace, keepRunning, b);
  }
}
