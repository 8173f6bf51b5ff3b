package dev.berth.router;

import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpHeader;

/** Test-side HTTP client: connects to 127.0.0.1 and sends the Host header, as Java clients must. */
final class Clients implements AutoCloseable {

  private final HttpClient client = new HttpClient();

  Clients() throws Exception {
    client.setFollowRedirects(false);
    client.setMaxConnectionsPerDestination(64);
    client.start();
  }

  Request request(int routerPort, String host, String pathAndQuery) {
    return client
        .newRequest("127.0.0.1", routerPort)
        .path(pathAndQuery)
        .headers(h -> h.put(HttpHeader.HOST, host))
        .timeout(20, TimeUnit.SECONDS);
  }

  ContentResponse get(int routerPort, String host, String pathAndQuery) throws Exception {
    return request(routerPort, host, pathAndQuery).send();
  }

  HttpClient jetty() {
    return client;
  }

  @Override
  public void close() throws Exception {
    client.stop();
  }
}
