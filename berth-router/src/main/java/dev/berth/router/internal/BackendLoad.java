package dev.berth.router.internal;

import dev.berth.router.Backend;
import dev.berth.router.ReleaseTraffic;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the router keeps per backend of a service: its count of outstanding requests (this integer),
 * which the balancer reads, and its idle keep-alive connections, one pool per selector so that a
 * request reuses a connection served by its own thread ({@link SharedSelectors}).
 */
final class BackendLoad extends AtomicInteger {

  final transient Backend backend;

  /** The backend's address when its host is an IP literal (no lookup needed), else null. */
  final transient InetSocketAddress address;

  private final transient UpstreamPool[] pools;

  /** Counts this backend's answers for its release. */
  final transient ReleaseTraffic.Recorder recorder;

  BackendLoad(Backend backend, ReleaseTraffic.Recorder recorder) {
    this.backend = backend;
    this.recorder = recorder;
    this.address = literal(backend);
    this.pools = new UpstreamPool[RoutingProxy.selectorsPerSide()];
    for (int i = 0; i < pools.length; i++) {
      pools[i] = new UpstreamPool();
    }
  }

  /** The pool of the given selector (any index; -1 for a thread that runs no selector). */
  UpstreamPool pool(int selector) {
    return pools[Math.floorMod(selector, pools.length)];
  }

  /** Closes every idle connection: the backend left the route table. */
  void closeConnections() {
    for (UpstreamPool pool : pools) {
      pool.closeAll();
    }
  }

  private static InetSocketAddress literal(Backend backend) {
    String host = backend.host();
    boolean ipv4 =
        !host.isEmpty() && host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    if (!ipv4 && host.indexOf(':') < 0) {
      return null; // a host name: resolved asynchronously, never on a selector thread
    }
    try {
      String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
      return new InetSocketAddress(InetAddress.getByName(bare), backend.port());
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
