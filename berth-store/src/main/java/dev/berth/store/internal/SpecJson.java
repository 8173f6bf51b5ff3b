package dev.berth.store.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.berth.core.model.ServiceSpec;

/**
 * {@link ServiceSpec} to and from the JSON text in {@code services.spec_json}.
 *
 * <p>Invariant: {@code read(write(spec)).equals(spec)} for every spec, and the order of {@code env}
 * is kept. Durations are ISO-8601 text ({@code PT1.5S}), exact to the nanosecond, and readable with
 * {@code sqlite3} or {@code psql}. Unknown properties are ignored, so a field removed from the
 * model in a later version does not make stored rows unreadable.
 */
public final class SpecJson {
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
    try {
      return mapper.readValue(json, ServiceSpec.class);
    } catch (JsonProcessingException | RuntimeException e) {
      throw new IllegalStateException(
          "the stored spec of service " + what + " is unreadable: " + e.getMessage(), e);
    }
  }
}
