package dev.berth.router;

import static dev.berth.router.TestRoutes.WEB;
import static dev.berth.router.TestRoutes.WEB_HOST;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * WebSocket upgrades through the router, driven by a raw socket client (so it can send the Host
 * header a Java client needs) against a minimal RFC 6455 echo replica.
 */
class WebSocketIT {

  private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
  private static final String ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

  private final TestRoutes routes = new TestRoutes();
  private RawBackend echo;
  private Router router;

  @BeforeEach
  void start() throws Exception {
    echo = new RawBackend(RawBackend.Mode.WEBSOCKET_ECHO);
    router =
        new Router(
            new RouterConfig("127.0.0.1", 0, Duration.ofSeconds(5), Duration.ofSeconds(1), 3),
            routes,
            new SimpleMeterRegistry());
    router.start();
  }

  @AfterEach
  void stop() throws Exception {
    router.close();
    echo.close();
  }

  private Socket connect() throws Exception {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), router.port());
    socket.setSoTimeout(5_000);
    return socket;
  }

  private static void sendUpgrade(OutputStream out, String host) throws Exception {
    out.write(
        ("GET /chat?room=1 HTTP/1.1\r\nHost: "
                + host
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                + KEY
                + "\r\nSec-WebSocket-Version: 13\r\nX-Request-Id: ws-1\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  @Test
  void tunnelsTheHandshakeAndFramesBothWaysUntilClose() throws Exception {
    routes.set(WEB, RouterFixture.deadBackend("dead"), echo.backend("echo"));
    try (Socket socket = connect()) {
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();

      sendUpgrade(out, WEB_HOST);
      String head = RawBackend.readHead(in);

      assertThat(head).startsWith("HTTP/1.1 101");
      assertThat(RawBackend.header(head, "sec-websocket-accept")).isEqualTo(ACCEPT);
      assertThat(RawBackend.header(head, "upgrade")).isEqualToIgnoringCase("websocket");
      assertThat(RawBackend.header(head, "x-request-id")).isEqualTo("ws-1");
      assertThat(WebSocketFrames.read(in).text()).isEqualTo(RawBackend.GREETING);

      for (String message : new String[] {"ping", "x".repeat(300)}) {
        out.write(WebSocketFrames.text(message, true));
        out.flush();
        WebSocketFrames.Frame echoed = WebSocketFrames.read(in);
        assertThat(echoed.opcode()).isEqualTo(1);
        assertThat(echoed.text()).isEqualTo(message);
      }

      out.write(WebSocketFrames.frame(8, new byte[0], true));
      out.flush();
      assertThat(WebSocketFrames.read(in).opcode()).isEqualTo(8);
      assertThat(in.read()).isEqualTo(-1); // the backend closed, so the router closed the client
    }
    String upstream = echo.lastHead();
    assertThat(upstream).startsWith("GET /chat?room=1 HTTP/1.1\r\n");
    assertThat(RawBackend.header(upstream, "host")).isEqualTo(WEB_HOST);
    assertThat(RawBackend.header(upstream, "sec-websocket-key")).isEqualTo(KEY);
    assertThat(RawBackend.header(upstream, "x-forwarded-for")).isEqualTo("127.0.0.1");
    assertThat(RawBackend.header(upstream, "x-request-id")).isEqualTo("ws-1");
    assertThat(echo.requests()).isEqualTo(1);
  }

  @Test
  void relaysABackendThatRefusesTheUpgrade() throws Exception {
    try (TestBackend plain = new TestBackend("plain")) {
      routes.set(WEB, plain.backend());
      try (Socket socket = connect()) {
        sendUpgrade(socket.getOutputStream(), WEB_HOST);
        String head = RawBackend.readHead(socket.getInputStream());

        assertThat(head).startsWith("HTTP/1.1 200");
        assertThat(RawBackend.header(head, "x-backend")).isEqualTo("plain");
        byte[] body =
            socket
                .getInputStream()
                .readNBytes(Integer.parseInt(RawBackend.header(head, "content-length")));
        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("plain GET /chat?room=1 ");
      }
    }
  }

  @Test
  void answersTheUsualErrorPagesToUpgradeRequests() throws Exception {
    routes.set(WEB);
    try (Socket socket = connect()) {
      sendUpgrade(socket.getOutputStream(), WEB_HOST);
      String head = RawBackend.readHead(socket.getInputStream());
      assertThat(head).startsWith("HTTP/1.1 503");
      assertThat(RawBackend.header(head, "x-berth-error")).isEqualTo("no_ready_replica");
    }
    routes.set(WEB, RouterFixture.deadBackend("dead"));
    try (Socket socket = connect()) {
      sendUpgrade(socket.getOutputStream(), WEB_HOST);
      String head = RawBackend.readHead(socket.getInputStream());
      assertThat(head).startsWith("HTTP/1.1 502");
      assertThat(RawBackend.header(head, "x-berth-error")).isEqualTo("upstream_connect_failed");
    }
  }
}
