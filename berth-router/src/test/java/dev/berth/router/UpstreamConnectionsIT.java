package dev.berth.router;

import static dev.berth.router.TestRoutes.WEB;
import static dev.berth.router.TestRoutes.WEB_HOST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The router's own upstream HTTP/1.1 connections against a replica that writes its responses byte
 * for byte: keep-alive reuse, every way a response body can be framed, hop-by-hop headers, and the
 * connection-level cases (close after the response, close while idle, garbage).
 */
class UpstreamConnectionsIT {

  private RouterFixture fx;
  private ScriptedBackend backend;
  private Router router;

  @BeforeEach
  void start() throws Exception {
    fx = new RouterFixture();
    backend = new ScriptedBackend();
    fx.routes.set(WEB, backend.backend());
    router = fx.router();
  }

  @AfterEach
  void stop() throws Exception {
    backend.close();
    fx.close();
  }

  private ContentResponse get(String path) throws Exception {
    return fx.clients.get(router.port(), WEB_HOST, path);
  }

  @Test
  void sequentialRequestsReuseOneKeepAliveConnection() throws Exception {
    for (int i = 0; i < 5; i++) {
      assertThat(get("/n" + i).getContentAsString()).isEqualTo("ok:/n" + i);
    }

    assertThat(backend.connections()).isEqualTo(1);
    assertThat(backend.heads()).hasSize(5);
    // the connection to the replica shares the connector's selectors but is no client connection
    assertThat(fx.registry.get("berth.router.connections").gauge().value()).isEqualTo(1.0);
  }

  @Test
  void relaysAChunkedResponseWithoutItsHopByHopHeaders() throws Exception {
    ContentResponse response = get("/chunked");

    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(response.getContentAsString()).isEqualTo("hello world");
    assertThat(response.getHeaders().get("X-End")).isEqualTo("end");
    assertThat(response.getHeaders().get("X-Hop")).isNull(); // named by Connection
    assertThat(response.getHeaders().get("Keep-Alive")).isNull();
    assertThat(get("/after").getContentAsString()).isEqualTo("ok:/after");
    assertThat(backend.connections()).isEqualTo(1);
  }

  @Test
  void streamsAResponseLargerThanAnyBuffer() throws Exception {
    ContentResponse response =
        new CompletableResponseListener(
                fx.clients.request(router.port(), WEB_HOST, "/big"), 8 * 1024 * 1024)
            .send()
            .get(20, TimeUnit.SECONDS);
    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(response.getContent()).isEqualTo(ScriptedBackend.bigBody());
  }

  @Test
  void answersHeadWithTheReplicasContentLengthAndNoBody() throws Exception {
    ContentResponse head =
        fx.clients.request(router.port(), WEB_HOST, "/head").method(HttpMethod.HEAD).send();

    assertThat(head.getStatus()).isEqualTo(200);
    assertThat(head.getHeaders().get("Content-Length")).isEqualTo("1234");
    assertThat(head.getContent()).isEmpty();
    assertThat(get("/head").getContent()).hasSize(1234); // same connection, still in sync
    assertThat(backend.connections()).isEqualTo(1);
  }

  @Test
  void skipsInterimResponses() throws Exception {
    ContentResponse response = get("/continue");

    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(response.getContentAsString()).isEqualTo("ok");
  }

  @Test
  void relaysANoContentResponse() throws Exception {
    ContentResponse response = get("/no-content");

    assertThat(response.getStatus()).isEqualTo(204);
    assertThat(response.getHeaders().get("X-Seen")).isEqualTo("yes");
    assertThat(get("/after").getContentAsString()).isEqualTo("ok:/after");
  }

  @Test
  void relaysABodyThatEndsWithTheConnection() throws Exception {
    ContentResponse response = get("/until-eof");

    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(response.getContentAsString()).isEqualTo("body until the end");
  }

  @Test
  void neverReusesAConnectionTheReplicaAskedToClose() throws Exception {
    assertThat(get("/close").getContentAsString()).isEqualTo("ok");
    assertThat(get("/close").getContentAsString()).isEqualTo("ok");

    assertThat(backend.connections()).isEqualTo(2);
  }

  @Test
  void noticesAReplicaClosingAnIdleConnection() throws Exception {
    assertThat(get("/then-close").getContentAsString()).isEqualTo("ok");
    await()
        .pollDelay(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(get("/next").getContentAsString()).isEqualTo("ok:/next"));

    assertThat(backend.connections()).isEqualTo(2);
  }

  @Test
  void answers502ForAResponseThatIsNotHttp() throws Exception {
    ContentResponse response = get("/garbage");

    assertThat(response.getStatus()).isEqualTo(502);
    assertThat(response.getHeaders().get("X-Berth-Error")).isEqualTo("upstream_reset");
  }

  @Test
  void sendsOnlyEndToEndRequestHeadersAndItsOwnFraming() throws Exception {
    fx.clients
        .request(router.port(), WEB_HOST, "/h")
        .method(HttpMethod.POST)
        .headers(
            h ->
                h.put("Connection", "keep-alive, X-Private")
                    .put("X-Private", "secret")
                    .put("Keep-Alive", "timeout=5")
                    .put("X-Kept", "kept"))
        .body(new org.eclipse.jetty.client.StringRequestContent("text/plain", "abc"))
        .send();

    String head = backend.heads().get(0);
    assertThat(RawBackend.header(head, "x-private")).isNull();
    assertThat(RawBackend.header(head, "keep-alive")).isNull();
    assertThat(RawBackend.header(head, "connection")).isNull();
    assertThat(RawBackend.header(head, "x-kept")).isEqualTo("kept");
    assertThat(RawBackend.header(head, "content-length")).isEqualTo("3");
  }
}
