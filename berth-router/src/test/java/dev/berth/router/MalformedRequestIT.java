package dev.berth.router;

import static dev.berth.router.TestRoutes.WEB_HOST;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Requests the client got wrong, sent byte for byte over a raw socket: the router answers 400
 * {@code bad_request} and never blames the replica with a 502.
 */
class MalformedRequestIT {

  private RouterFixture fx;

  @BeforeEach
  void start() throws Exception {
    fx = new RouterFixture();
  }

  @AfterEach
  void stop() throws Exception {
    fx.close();
  }

  private String send(String raw) throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), fx.router().port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(raw.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aBadChunkSizeIsTheClientsError() throws Exception {
    String answer =
        send(
            "POST /upload HTTP/1.1\r\nHost: "
                + WEB_HOST
                + "\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n"
                + "5\r\nhello\r\n"
                + "zz\r\nnot a chunk\r\n0\r\n\r\n");

    assertThat(answer).startsWith("HTTP/1.1 400 ");
    // (the status line says 400; "502" may appear by chance in the random X-Request-Id)
    assertThat(answer).doesNotContain("upstream_reset");
    assertThat(answer).contains("X-Berth-Error: bad_request");
  }

  @Test
  void aBadChunkSizeInTheFirstChunkIsTheClientsError() throws Exception {
    String answer =
        send(
            "POST /upload HTTP/1.1\r\nHost: "
                + WEB_HOST
                + "\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "-1\r\nx\r\n0\r\n\r\n");

    assertThat(answer).startsWith("HTTP/1.1 400 ");
    assertThat(answer).doesNotContain("upstream_reset");
  }
}
