package dev.berth.server.api;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import dev.berth.engine.logs.LogLine;
import dev.berth.engine.logs.LogPage;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
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
      Times times = new Times();
      for (LogLine l : page.lines()) {
        line(g, l, times);
      }
      g.writeEndArray();
      g.writeStringField("cursor", page.cursor());
      g.writeEndObject();
    }
  }

  /** Newline-delimited JSON, one line object per log line, for followers; flushed. */
  static void writeLines(List<LogLine> lines, OutputStream out) throws IOException {
    try (JsonGenerator g = generator(out)) {
      Times times = new Times();
      for (LogLine l : lines) {
        line(g, l, times);
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

  /**
   * Formats each distinct time once: lines written in one burst share their time, and formatting an
   * instant costs more than writing the rest of a short line.
   */
  private static final class Times {
    private Instant last;
    private String text;

    String of(Instant t) {
      if (!t.equals(last)) {
        last = t;
        text = t.toString(); // ISO-8601, as the mapper writes an Instant
      }
      return text;
    }
  }

  private static void line(JsonGenerator g, LogLine l, Times times) throws IOException {
    g.writeStartObject();
    if (l.time() == null) {
      g.writeNullField("time");
    } else {
      g.writeStringField("time", times.of(l.time()));
    }
    g.writeStringField("replicaId", l.replicaId());
    g.writeStringField("text", l.text());
    g.writeEndObject();
  }
}
