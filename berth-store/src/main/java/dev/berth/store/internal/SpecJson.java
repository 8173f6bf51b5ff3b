package dev.berth.store.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.berth.core.model.ServiceSpec;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ServiceSpec} to and from the JSON text in {@code services.spec_json}.
 *
 * <p>Invariant: {@code read(write(spec)).equals(spec)} for every spec, and the order of {@code env}
 * is kept. Durations are ISO-8601 text ({@code PT1.5S}), exact to the nanosecond, and readable with
 * {@code sqlite3} or {@code psql}. Unknown properties are ignored, so a field removed from the
 * model in a later version does not make stored rows unreadable.
 *
 * <p>Reads are cached by JSON text: status, the reconciler and the route table read every service's
 * spec on each pass, and parsing it was most of the cost of a status read. A {@link ServiceSpec} is
 * immutable, so handing the same instance to every reader is safe; the cache holds at most {@value
 * #CACHE_LIMIT} specs and starts over when full (services are few, and a changed spec is new text).
 */
public final class SpecJson {
  static final int CACHE_LIMIT = 1024;

  private final Map<String, ServiceSpec> parsed = new ConcurrentHashMap<>();
  private final ObjectMapper mapper =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  public String write(ServiceSpec spec) {
    try {
      return mapper.writeValueAsString(spec);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot store the spec of service " + spec.name(), e);
    }
  }

  /**
   * Reads a stored spec.
   *
   * @param what names the row in the error message
   */
  public ServiceSpec read(String json, String what) {
    ServiceSpec cached = parsed.get(json);
    if (cached != null) {
      return cached;
    }
    try {
      ServiceSpec spec = mapper.readValue(json, ServiceSpec.class);
      if (parsed.size() >= CACHE_LIMIT) {
        parsed.clear();
      }
      parsed.put(json, spec);
      return spec;
    } catch (JsonProcessingException | RuntimeException e) {
      throw new IllegalStateException(
          "the stored spec of service " + what + " is unreadable: " + e.getMessage(), e);
    }
  }
}
