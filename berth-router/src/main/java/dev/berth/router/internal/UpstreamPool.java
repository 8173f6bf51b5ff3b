package dev.berth.router.internal;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The idle keep-alive connections to one backend, most recently used first (a warm connection, and
 * the replica's warm thread behind it, is reused before a cold one).
 *
 * <p>Lock-free: a connection is taken with {@link UpstreamConnection#activate()}, a
 * compare-and-set, so a connection the replica closed while it sat here is skipped, never handed
 * out. At most {@link #MAX_IDLE} connections are kept, as nginx's {@code keepalive} does; any more
 * are closed when their response ends. The number of busy connections is not capped: each is bound
 * to one client request, and client connections are capped by the router's connector.
 */
final class UpstreamPool {

  static final int MAX_IDLE = 256;

  private final ConcurrentLinkedDeque<UpstreamConnection> idle = new ConcurrentLinkedDeque<>();
  private final AtomicInteger size = new AtomicInteger();

  /** An idle connection, now active, or null when there is none. */
  UpstreamConnection acquire() {
    UpstreamConnection connection;
    while ((connection = idle.pollFirst()) != null) {
      size.decrementAndGet();
      if (connection.activate()) {
        return connection;
      }
    }
    return null;
  }

  /** Keeps a connection that just turned idle, or closes it when the pool is full. */
  void release(UpstreamConnection connection) {
    if (size.incrementAndGet() > MAX_IDLE) {
      size.decrementAndGet();
      connection.close();
      return;
    }
    idle.offerFirst(connection);
  }

  /** Forgets a connection that closed while idle. */
  void remove(UpstreamConnection connection) {
    if (idle.remove(connection)) {
      size.decrementAndGet();
    }
  }

  /** Closes every idle connection: the backend left the route table. */
  void closeAll() {
    UpstreamConnection connection;
    while ((connection = acquire()) != null) {
      connection.close();
    }
  }

  int idle() {
    return size.get();
  }
}
