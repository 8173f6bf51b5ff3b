package dev.berth.router;

import static dev.berth.router.TestRoutes.WEB;
import static dev.berth.router.TestRoutes.WEB_HOST;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A replica that writes each response's head and body in two writes with Nagle's algorithm on: on
 * Linux its second write waits for the ACK of the first, which the receiving kernel delays (40 ms
 * or more) on a keep-alive connection. The router acknowledges an incomplete response at once
 * ({@code QuickAck}), so it adds no such delay and removes the replica's own.
 */
class TwoWriteReplicaIT {

  private static final int REQUESTS = 20;
  private static final String BODY = "hello from the replica\n";

  private final ExecutorService executor = Executors.newCachedThreadPool();
  private ServerSocket replica;
  private RouterFixture fx;

  @BeforeEach
  void start() throws Exception {
    replica = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    executor.execute(this::acceptLoop);
    fx = new RouterFixture();
    fx.routes.set(WEB, new Backend("two-writes", "127.0.0.1", replica.getLocalPort()));
  }

  @AfterEach
  void stop() throws Exception {
    fx.close();
    replica.close();
    executor.shutdownNow();
  }

  @Test
  void aReplicaWritingHeadAndBodySeparatelyIsNotHeldBackByDelayedAcks() throws Exception {
    try (SocketChannel probe = SocketChannel.open()) {
      assumeThat(probe.supportedOptions())
          .as("quick ACKs exist on this platform (Linux)")
          .contains(ExtendedSocketOptions.TCP_QUICKACK);
    }
    long direct = sequentialMillis(replica.getLocalPort());
    // Where the kernel acknowledges at once anyway, there is no delay to remove: nothing to show.
    assumeThat(direct)
        .as("the replica's two writes are delayed without the router on this kernel")
        .isGreaterThanOrEqualTo(REQUESTS * 20L);

    long routed = sequentialMillis(fx.router().port());

    // Without quick ACKs this is at least as slow as the direct path (20 x 40 ms and more).
    assertThat(routed).as("%d requests through the router, in ms", REQUESTS).isLessThan(direct / 3);
  }

  /** Sends the requests one after another on one keep-alive connection; their total wall time. */
  private static long sequentialMillis(int port) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setTcpNoDelay(true);
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      get(in, out); // warms the connection (and the router's connection to the replica) up
      long start = System.nanoTime();
      for (int i = 0; i < REQUESTS; i++) {
        assertThat(get(in, out)).isEqualTo(BODY);
      }
      return (System.nanoTime() - start) / 1_000_000;
    }
  }

  private static String get(InputStream in, OutputStream out) throws IOException {
    out.write(("GET / HTTP/1.1\r\nHost: " + WEB_HOST + "\r\n\r\n").getBytes(US_ASCII));
    out.flush();
    String head = RawBackend.readHead(in);
    int length = -1;
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    assertThat(length).as("Content-Length in %s", head).isPositive();
    return new String(in.readNBytes(length), US_ASCII);
  }

  private void acceptLoop() {
    while (!replica.isClosed()) {
      try {
        Socket socket = replica.accept();
        executor.execute(() -> serve(socket));
      } catch (IOException e) {
        return;
      }
    }
  }

  /** Answers every request with its head and its body in two writes; Nagle stays on. */
  private static void serve(Socket socket) {
    byte[] body = BODY.getBytes(US_ASCII);
    byte[] head =
        ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
                + body.length
                + "\r\n\r\n")
            .getBytes(US_ASCII);
    try (socket) {
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      while (!RawBackend.readHead(in).isEmpty()) {
        out.write(head);
        out.flush();
        out.write(body);
        out.flush();
      }
    } catch (IOException e) {
      // the connection ended: nothing to do in a test replica
    }
  }
}
