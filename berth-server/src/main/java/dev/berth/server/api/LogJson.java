package dev.berth.server.api;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import dev.berth.engine.logs.LogLine;
import dev.berth.engine.logs.LogPage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Writes log pages and lines with Jackson's streaming generator, straight to the response: a page
 * of 100,000 lines is never held as one string or tree. The bytes are exactly what {@link
 * Json#mapper()} writes for a {@link LogPage} or {@link LogLine} (same fields, same order, instants
 * as ISO-8601 text), which {@code LogJsonTest} checks, so clients see one format either way.
 */
final class LogJson {
  /**
   * The API mapper's settings, writing characters outside the BMP (emoji) as UTF-8 rather than as
   * escaped surrogate pairs, as the mapper does when it writes text.
   */
  private static final JsonFactory FACTORY =
      Json.mapper()
          .getFactory()
          .rebuild()
          .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
          .build();

  private LogJson() {}

  /**
   * {@code {"lines":[{"time","replicaId","text"}...],"cursor":"..."}}; does not close {@code out}.
   */
  static void writePage(LogPage page, OutputStream out) throws IOException {
    try (JsonGenerator g = generator(out)) {
      g.writeStartObject();
      g.writeArrayFieldStart("lines");
      for (LogLine l : page.lines()) {
        line(g, l);
      }
      g.writeEndArray();
      g.writeStringField("cursor", page.cursor());
      g.writeEndObject();
    }
  }

  /** Newline-delimited JSON, one line object per log line, for followers; flushed. */
  static void writeLines(List<LogLine> lines, OutputStream out) throws IOException {
    try (JsonGenerator g = generator(out)) {
      for (LogLine l : lines) {
        line(g, l);
        g.writeRaw('\n');
      }
    }
    out.flush();
  }

  private static JsonGenerator generator(OutputStream out) throws IOException {
    JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8);
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    g.setRootValueSeparator(null);
    return g;
  }

  private static void line(JsonGenerator g, LogLine l) throws IOException {
    g.writeStartObject();
    if (l.time() == null) {
      g.writeNullField("time");
    } else {
      g.writeStringField("time", l.time().toString()); // ISO-8601, as the mapper writes an Instant
    }
    g.writeStringField("replicaId", l.replicaId());
    g.writeStringField("text", l.text());
    g.writeEndObject();
  }
}
