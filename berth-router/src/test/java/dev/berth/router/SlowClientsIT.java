package dev.berth.router;

import static dev.berth.router.TestRoutes.WEB_HOST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Clients that hold connections without using them ("slowloris"), reproduced with raw sockets: the
 * router cuts a client that has not finished its request headers by the header deadline, and holds
 * no more than its maximum of connections, closing the ones beyond it at once.
 */
class SlowClientsIT {

  private static final Duration DEADLINE = Duration.ofMillis(600);
  private static final long HANG_GUARD_MS = 20_000;

  private RouterFixture fx;
  private final List<Socket> sockets = new ArrayList<>();
  private final ScheduledExecutorService trickle = Executors.newScheduledThreadPool(1);

  @BeforeEach
  void start() throws Exception {
    fx = new RouterFixture();
  }

  @AfterEach
  void stop() throws Exception {
    trickle.shutdownNow();
    for (Socket s : sockets) {
      s.close();
    }
    fx.close();
  }

  @Test
  void clientsTricklingHeadersAreDisconnectedAtTheDeadline() throws Exception {
    Router router =
        fx.restart(RouterFixture.config(Duration.ofSeconds(5)).withHeaderTimeout(DEADLINE));
    List<Socket> slow = new ArrayList<>();
    long began = System.nanoTime(); // before any first byte: every deadline runs from after this
    for (int i = 0; i < 50; i++) {
      Socket s = open(router);
      s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + WEB_HOST + "\r\n").getBytes());
      slow.add(s);
    }
    // One header byte per connection every 100 ms: each byte is well within any idle timeout.
    trickle.scheduleAtFixedRate(
        () -> {
          for (Socket s : slow) {
            try {
              s.getOutputStream().write('X');
            } catch (IOException closed) {
              // the router cut it: what the test waits for
            }
          }
        },
        100,
        100,
        TimeUnit.MILLISECONDS);

    for (Socket s : slow) {
      assertThat(closedByPeer(s)).as("the router closed a slow client").isTrue();
    }
    long tookMs = (System.nanoTime() - began) / 1_000_000;
    assertThat(tookMs).isGreaterThanOrEqualTo(DEADLINE.toMillis() - 100);
    assertThat(fx.registry.counter("berth.router.header.timeouts").count()).isEqualTo(50);
    await().atMost(Duration.ofSeconds(10)).until(() -> connections() == 0);
  }

  @Test
  void aClientThatConnectsAndSendsNothingIsDisconnectedAtTheDeadline() throws Exception {
    Router router =
        fx.restart(RouterFixture.config(Duration.ofSeconds(5)).withHeaderTimeout(DEADLINE));
    Socket silent = open(router);

    assertThat(closedByPeer(silent)).isTrue();
    assertThat(fx.registry.counter("berth.router.header.timeouts").count()).isEqualTo(1);
  }

  @Test
  void anIdleKeepAliveConnectionBetweenRequestsIsNotCutByTheHeaderDeadline() throws Exception {
    Router router =
        fx.restart(RouterFixture.config(Duration.ofSeconds(5)).withHeaderTimeout(DEADLINE));
    Socket client = open(router);

    assertThat(exchange(client)).startsWith("HTTP/1.1 200 ");
    // Idle for three deadlines: a keep-alive wait is the idle timeout's business, not this one's.
    await().pollDelay(DEADLINE.multipliedBy(3)).atMost(Duration.ofSeconds(10)).until(() -> true);
    assertThat(exchange(client)).startsWith("HTTP/1.1 200 ");
    assertThat(fx.registry.counter("berth.router.header.timeouts").count()).isZero();
  }

  @Test
  void connectionsBeyondTheMaximumAreClosedAtOnceAndCounted() throws Exception {
    Router router = fx.restart(RouterFixture.config(Duration.ofSeconds(5)).withMaxConnections(5));
    List<Socket> held = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      held.add(open(router));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> connections() == 5);

    Socket beyond = open(router);
    long began = System.nanoTime();
    assertThat(closedByPeer(beyond)).isTrue();
    assertThat((System.nanoTime() - began) / 1_000_000)
        .isLessThan(5_000); // far below the 15 s deadline
    assertThat(fx.registry.counter("berth.router.connections.rejected").count()).isEqualTo(1);

    held.get(0).close();
    await().atMost(Duration.ofSeconds(10)).until(() -> connections() == 4);
    assertThat(exchange(open(router))).startsWith("HTTP/1.1 200 ");
    assertThat(exchange(held.get(1))).startsWith("HTTP/1.1 200 ");
  }

  private double connections() {
    return fx.registry.get("berth.router.connections").gauge().value();
  }

  private Socket open(Router router) throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), router.port());
    s.setSoTimeout((int) HANG_GUARD_MS);
    sockets.add(s);
    return s;
  }

  /** Whether the router closed the connection (end of stream or reset) before the hang guard. */
  private static boolean closedByPeer(Socket s) throws IOException {
    try {
      return s.getInputStream().read() == -1;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (SocketException reset) {
      return true;
    }
  }

  /** Sends one GET on the connection and reads its response head and Content-Length body. */
  private static String exchange(Socket s) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(
        ("GET / HTTP/1.1\r\nHost: " + WEB_HOST + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = s.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        return head.toString();
      }
      head.append((char) b);
    }
    int length = 0;
    for (String line : head.toString().split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    in.readNBytes(length);
    return head.toString();
  }
}
