package dev.berth.server;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting the control plane where it cannot run fails with a message that says what to do. */
class ControlPlaneStartIT {
  @TempDir Path tmp;

  @Test
  void aRouterPortInUseIsAClearError() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ServerConfig cfg =
          ServerConfig.defaults()
              .withDataDir(tmp.resolve("data"))
              .withPorts(0, taken.getLocalPort());
      assertThatThrownBy(() -> new ControlPlane(cfg, Clock.systemUTC()).start())
          .hasMessageContaining("port " + taken.getLocalPort())
          .hasMessageContaining("already in use")
          .hasMessageContaining("--router-port");
      // nothing was left open: the same data directory works at once with free ports
      new ControlPlane(cfg.withPorts(0, 0), Clock.systemUTC()).start().close();
    }
  }

  @Test
  void anApiPortInUseIsAClearError() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ServerConfig cfg =
          ServerConfig.defaults()
              .withDataDir(tmp.resolve("data"))
              .withPorts(taken.getLocalPort(), 0);
      assertThatThrownBy(() -> new ControlPlane(cfg, Clock.systemUTC()).start())
          .hasMessageContaining(":" + taken.getLocalPort())
          .hasMessageContaining("already in use")
          .hasMessageContaining("--api-port");
    }
  }

  @Test
  void aDataDirectoryThatCannotBeWrittenIsAClearError() throws Exception {
    Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
    ServerConfig cfg = ServerConfig.defaults().withDataDir(file.resolve("data")).withPorts(0, 0);
    assertThatThrownBy(() -> new ControlPlane(cfg, Clock.systemUTC()).start())
        .hasMessageContaining("cannot use data directory")
        .hasMessageContaining("--data-dir");
  }

  @Test
  void runsWithItsStateInPostgresql() throws Exception {
    String schema = "berth_cp_" + Long.toHexString(System.nanoTime());
    String url = "postgresql://postgres@127.0.0.1:5432/test?currentSchema=" + schema;
    ServerConfig cfg =
        ServerConfig.defaults()
            .withDataDir(tmp.resolve("data"))
            .withPorts(0, 0)
            .withDatabaseUrl(url);
    try {
      String token;
      try (ControlPlane cp = new ControlPlane(cfg, Clock.systemUTC()).start()) {
        token =
            dev.berth.server.auth.AdminToken.ensure(
                cp.store(), tmp.resolve("config.json"), cp.apiUrl(), Clock.systemUTC());
      }
      // state survives a restart: the same token is still valid against the same database
      try (ControlPlane cp = new ControlPlane(cfg, Clock.systemUTC()).start()) {
        org.assertj.core.api.Assertions.assertThat(
                dev.berth.server.auth.AdminToken.ensure(
                    cp.store(), tmp.resolve("config.json"), cp.apiUrl(), Clock.systemUTC()))
            .isEqualTo(token);
      }
      org.assertj.core.api.Assertions.assertThat(tmp.resolve("data").resolve("berth.db"))
          .doesNotExist();
    } finally {
      try (var c =
          java.sql.DriverManager.getConnection(
              "jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")) {
        c.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }

  @Test
  void aSecondControlPlaneOnTheSameDataDirectoryIsRefused() {
    try (DataDirLock first = DataDirLock.acquire(tmp)) {
      assertThatThrownBy(() -> DataDirLock.acquire(tmp))
          .hasMessageContaining(
              "another control plane (pid " + ProcessHandle.current().pid() + ")");
    }
  }
}
