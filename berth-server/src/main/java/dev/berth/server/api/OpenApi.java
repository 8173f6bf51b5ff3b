package dev.berth.server.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The OpenAPI 3.1 document of the API, shipped as a resource and served as is. */
final class OpenApi {
  private static volatile String cached;

  private OpenApi() {}

  static String document() {
    String d = cached;
    if (d == null) {
      try (InputStream in = OpenApi.class.getResourceAsStream("/openapi.json")) {
        if (in == null) {
          throw new IllegalStateException("openapi.json missing from the jar");
        }
        d = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        cached = d;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return d;
  }
}
