package dev.berth.store.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.berth.engine.app.Change;
import dev.berth.engine.store.ReleaseSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A release's source and changes to and from the JSON text in {@code releases.source_json} and
 * {@code changes_json}. Unknown properties are ignored, so a field removed later does not make old
 * rows unreadable; {@code read(write(x)).equals(x)}.
 */
final class HistoryJson {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
  private static final TypeReference<List<Change>> CHANGES = new TypeReference<>() {};
  private static final TypeReference<LinkedHashMap<String, String>> TEMPLATES =
      new TypeReference<>() {};

  private HistoryJson() {}

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot store " + value, e);
    }
  }

  static ReleaseSource source(String json) {
    try {
      return MAPPER.readValue(json, ReleaseSource.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored release source is unreadable: " + json, e);
    }
  }

  static Map<String, String> templates(String json) {
    try {
      return MAPPER.readValue(json, TEMPLATES);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored release templates are unreadable: " + json, e);
    }
  }

  static List<Change> changes(String json) {
    try {
      return MAPPER.readValue(json, CHANGES);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored release changes are unreadable: " + json, e);
    }
  }
}
