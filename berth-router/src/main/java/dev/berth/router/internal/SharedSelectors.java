package dev.berth.router.internal;

import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The router connector's selectors, shared by its client connections and its connections to
 * replicas: a replica connection is opened on the selector of the client connection whose request
 * the selector of the client connection whose request it carries, and taken from that selector's
 * idle pool. A client connection, its requests' exchanges with replicas and the resumes between
 * them then all run on one thread, as in an nginx worker, instead of waking a second set of
 * selector threads (and paying the context switches and cache misses) for every request, or moving
 * a connection's work between threads. Implemented by {@link GuardedConnector}'s selector manager.
 *
 * <p>Invariants: replica connections are never counted as client connections (they are {@link
 * UpstreamEndPoint}s, which {@link GuardedConnector} leaves out of its cap and header deadline);
 * each {@link Dial} gets exactly one outcome, its connection or its failure; a dial from a thread
 * that runs none of these selectors (a thread resolving a host name) goes round robin, which is
 * slower, never wrong.
 */
interface SharedSelectors {

  /**
   * The index of the selector that serves a client connection's endpoint, or -1 for an endpoint of
   * no client connection of this connector.
   */
  int indexOf(EndPoint clientEndPoint);

  /**
   * Connects to a replica on the given selector (that of the client connection whose request the
   * new connection carries; any selector when -1); the dial learns the outcome.
   */
  void connect(InetSocketAddress address, int selector, Dial dial);

  /** One outgoing connect: makes the connection and learns the outcome. */
  interface Dial {
    /** Configures the endpoint (its idle timeout) and makes its connection. */
    Connection newConnection(EndPoint endPoint);

    /** The connection is open: start using it. */
    void opened(Connection connection);

    /** The connect failed or timed out. */
    void failed(Throwable failure);
  }

  /** A client connection's endpoint, which knows the selector that serves it. */
  final class ClientEndPoint extends SocketChannelEndPoint {
    final int selector;

    ClientEndPoint(
        SocketChannel channel,
        ManagedSelector managed,
        SelectionKey key,
        Scheduler scheduler,
        int selector) {
      super(channel, managed, key, scheduler);
      this.selector = selector;
    }
  }

  /** A connection from the router to a replica, on one of the shared selectors. */
  final class UpstreamEndPoint extends SocketChannelEndPoint {
    UpstreamEndPoint(
        SocketChannel channel, ManagedSelector selector, SelectionKey key, Scheduler scheduler) {
      super(channel, selector, key, scheduler);
    }
  }
}
