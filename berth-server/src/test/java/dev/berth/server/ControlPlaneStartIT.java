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
  void aSecondControlPlaneOnTheSameDataDirectoryIsRefused() {
    try (DataDirLock first = DataDirLock.acquire(tmp)) {
      assertThatThrownBy(() -> DataDirLock.acquire(tmp))
          .hasMessageContaining(
              "another control plane (pid " + ProcessHandle.current().pid() + ")");
    }
  }
}
