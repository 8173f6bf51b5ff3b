package dev.berth.runtime.local.internal.supervise;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Lets the kernel pick a free port by binding 127.0.0.1:0 and releasing it. Another process could
 * take it before the replica binds; the replica then crashes and its restart gets another port,
 * which is why the port is chosen anew on every start.
 */
public final class LoopbackPortAllocator implements PortAllocator {
  @Override
  public int next(int previous) {
    for (int attempt = 0; attempt < 10; attempt++) {
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        int port = s.getLocalPort();
        if (port != previous) {
          return port;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot find a free port on 127.0.0.1", e);
      }
    }
    throw new IllegalStateException("the kernel kept returning port " + previous);
  }
}
