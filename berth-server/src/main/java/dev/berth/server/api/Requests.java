package dev.berth.server.api;

import java.util.Map;

/** Request bodies of the API, as records (unknown fields are rejected). */
public final class Requests {
  private Requests() {}

  /** {@code POST /api/v1/apply}. */
  public record Apply(
      String specFile, String spec, String procfile, String sourceDir, String environment) {}

  /** {@code POST .../scale}: {@code {"replicas": {"web": 3}}}. */
  public record Scale(Map<String, Integer> replicas) {}
}
