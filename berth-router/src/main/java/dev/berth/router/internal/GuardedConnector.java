package dev.berth.router.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SelectorManager;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.IO;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The router's listening connector, guarded against clients that hold connections without using
 * them: it caps the client connections open at once and disconnects clients that take longer than
 * the header deadline to send a request's headers ({@link HeaderDeadline}).
 *
 * <p>Its selectors also carry the router's connections to replicas ({@link SharedSelectors}); those
 * are not client connections, and neither the cap nor the deadline applies to them.
 *
 * <p>Cap invariant: at most {@code maxConnections} client connections stay open; one accepted
 * beyond it is closed at once, before anything is read from it, and counted in {@value #REJECTED}.
 * WebSocket tunnels count, as they keep their client connection.
 *
 * <p>The deadline is enforced by a sweep over the open connections a few times per deadline (at
 * most once a second), on Jetty's scheduler: nothing is added to the request path, and the work is
 * proportional to the open connections. A connection is therefore closed between one deadline and a
 * quarter deadline (at most a second) more after its request began. Each is counted in {@value
 * #HEADER_TIMEOUTS}.
 */
public final class GuardedConnector extends ServerConnector {

  static final String CONNECTIONS = "berth.router.connections";
  static final String REJECTED = "berth.router.connections.rejected";
  static final String HEADER_TIMEOUTS = "berth.router.header.timeouts";

  private final int maxConnections;
  private final long headerTimeoutMillis;
  private final MeterRegistry registry;
  private final Gauge connections;
  private final Counter rejected;
  private final Counter headerTimeouts;
  private volatile Scheduler.Task sweep;

  public GuardedConnector(
      Server server,
      Executor executor,
      int selectors,
      int maxConnections,
      Duration headerTimeout,
      MeterRegistry registry,
      ConnectionFactory... factories) {
    super(server, executor, null, null, -1, selectors, factories);
    this.maxConnections = maxConnections;
    this.headerTimeoutMillis = headerTimeout.toMillis();
    this.registry = registry;
    this.connections =
        Gauge.builder(CONNECTIONS, this, c -> c.getConnectedEndPoints().size())
            .description("Client connections the router holds open")
            .register(registry);
    this.rejected =
        Counter.builder(REJECTED)
            .description("Client connections closed on accept: the router held its maximum")
            .register(registry);
    this.headerTimeouts =
        Counter.builder(HEADER_TIMEOUTS)
            .description("Client connections closed for not sending request headers in time")
            .register(registry);
  }

  /** Selectors shared with the router's connections to replicas: see {@link SharedSelectors}. */
  @Override
  protected SelectorManager newSelectorManager(
      Executor executor, Scheduler scheduler, int selectors) {
    return new Selectors(executor, scheduler, selectors);
  }

  /** A client connection's endpoint, marked with the index of the selector that serves it. */
  @Override
  protected SocketChannelEndPoint newEndPoint(
      SocketChannel channel, ManagedSelector selector, SelectionKey key) {
    SocketChannelEndPoint endPoint =
        new SharedSelectors.ClientEndPoint(
            channel, selector, key, getScheduler(), sharedSelectors().indexOf(selector));
    endPoint.setIdleTimeout(getIdleTimeout());
    return endPoint;
  }

  /** The selectors, for opening connections to replicas on them. */
  Selectors sharedSelectors() {
    return (Selectors) getSelectorManager();
  }

  @Override
  protected void onEndPointOpened(EndPoint endPoint) {
    if (endPoint instanceof SharedSelectors.UpstreamEndPoint) {
      return; // a connection to a replica: neither capped nor given a header deadline
    }
    super.onEndPointOpened(endPoint);
    if (getConnectedEndPoints().size() > maxConnections) {
      rejected.increment();
      endPoint.close();
    }
  }

  @Override
  protected void onEndPointClosed(EndPoint endPoint) {
    if (!(endPoint instanceof SharedSelectors.UpstreamEndPoint)) {
      super.onEndPointClosed(endPoint);
    }
  }

  @Override
  protected void doStart() throws Exception {
    super.doStart();
    scheduleSweep();
  }

  @Override
  protected void doStop() throws Exception {
    Scheduler.Task task = sweep;
    if (task != null) {
      task.cancel();
    }
    super.doStop();
    registry.remove(connections); // it reads this connector: a later router registers its own
  }

  /** How often the deadline is checked: a quarter of it, between 10 ms and a second. */
  long sweepPeriodMillis() {
    return Math.max(10, Math.min(1_000, headerTimeoutMillis / 4));
  }

  private void scheduleSweep() {
    if (isRunning() || isStarting()) {
      sweep = getScheduler().schedule(this::sweepOnce, sweepPeriodMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void sweepOnce() {
    try {
      long nowNanos = System.nanoTime();
      long nowMillis = System.currentTimeMillis();
      for (EndPoint endPoint : getConnectedEndPoints()) {
        if (endPoint.getConnection() instanceof HttpConnection http
            && HeaderDeadline.overdue(
                http.getParser().getState(),
                http.getMessagesIn(),
                http.getParser().getBeginNanoTime(),
                endPoint.getCreatedTimeStamp(),
                nowNanos,
                nowMillis,
                headerTimeoutMillis)) {
          headerTimeouts.increment();
          endPoint.close(
              new TimeoutException(
                  "request headers not complete within " + headerTimeoutMillis + " ms"));
        }
      }
    } finally {
      scheduleSweep();
    }
  }

  /**
   * The connector's selector manager, which also opens the router's connections to replicas: see
   * {@link SharedSelectors}.
   */
  final class Selectors extends ServerConnectorManager implements SharedSelectors {

    private final Map<SelectableChannel, Dial> pending = new ConcurrentHashMap<>();
    private final ThreadLocal<ManagedSelector> preferred = new ThreadLocal<>();
    private final ManagedSelector[] tagged;

    Selectors(Executor executor, Scheduler scheduler, int selectors) {
      super(executor, scheduler, selectors);
      this.tagged = new ManagedSelector[getSelectorCount()];
    }

    /** The index of one of these selectors. */
    int indexOf(ManagedSelector selector) {
      for (int i = 0; i < tagged.length; i++) {
        if (tagged[i] == selector) {
          return i;
        }
      }
      return -1;
    }

    @Override
    public int indexOf(EndPoint clientEndPoint) {
      return clientEndPoint instanceof ClientEndPoint client ? client.selector : -1;
    }

    @Override
    public void connect(InetSocketAddress address, int selector, Dial dial) {
      SocketChannel channel = null;
      preferred.set(selector >= 0 && selector < tagged.length ? tagged[selector] : null);
      try {
        channel = SocketChannel.open();
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        pending.put(channel, dial);
        if (channel.connect(address)) {
          accept(channel, dial); // loopback may connect at once: register it as connected
        } else {
          connect(channel, dial);
        }
      } catch (IOException | RuntimeException x) {
        if (channel != null) {
          pending.remove(channel);
          IO.close(channel);
        }
        dial.failed(x);
      } finally {
        preferred.remove();
      }
    }

    /** For a connect, the selector {@link #connect} asked for; else Jetty's round robin. */
    @Override
    protected ManagedSelector chooseSelector() {
      ManagedSelector chosen = preferred.get();
      return chosen != null ? chosen : super.chooseSelector();
    }

    @Override
    protected ManagedSelector newSelector(int id) {
      ManagedSelector selector = new ManagedSelector(this, id);
      tagged[id] = selector;
      return selector;
    }

    @Override
    protected SocketChannelEndPoint newEndPoint(
        SelectableChannel channel, ManagedSelector selector, SelectionKey key) throws IOException {
      if (pending.containsKey(channel)) {
        return new UpstreamEndPoint((SocketChannel) channel, selector, key, getScheduler());
      }
      return super.newEndPoint(channel, selector, key);
    }

    @Override
    public Connection newConnection(SelectableChannel channel, EndPoint endPoint, Object attachment)
        throws IOException {
      if (attachment instanceof Dial dial) {
        pending.remove(channel);
        return dial.newConnection(endPoint);
      }
      return super.newConnection(channel, endPoint, attachment);
    }

    @Override
    public void connectionOpened(Connection connection, Object context) {
      super.connectionOpened(connection, context);
      if (context instanceof Dial dial) {
        dial.opened(connection);
      }
    }

    @Override
    protected void connectionFailed(
        SelectableChannel channel, Throwable failure, Object attachment) {
      if (attachment instanceof Dial dial) {
        pending.remove(channel);
        IO.close(channel);
        dial.failed(failure);
        return;
      }
      super.connectionFailed(channel, failure, attachment);
    }
  }
}
