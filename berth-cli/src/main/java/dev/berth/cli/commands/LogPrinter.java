package dev.berth.cli.commands;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.berth.cli.client.CliJson;
import dev.berth.cli.term.Term;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Prints a log page ({@code {"lines": [{"time", "replicaId", "text"}], "cursor"}}) as it arrives:
 * read with Jackson's streaming parser, each line written as soon as it is parsed, into one large
 * buffer flushed at the end. No tree of the page is built, so 100,000 lines cost little more than
 * their bytes. With {@code json}, each line object is copied token by token, so the output is the
 * API's own line objects, one per line, compact, fields in the API's order.
 */
final class LogPrinter {
  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneId.systemDefault());

  private final Term term;
  private final boolean json;
  private String lastTime; // lines of one burst share their time: format it once
  private String lastFormatted = "";

  LogPrinter(Term term, boolean json) {
    this.term = term;
    this.json = json;
  }

  /** Prints every line of the page in {@code body}; returns how many. */
  int printPage(InputStream body) throws IOException {
    int n = 0;
    Writer out =
        new BufferedWriter(new OutputStreamWriter(term.out(), StandardCharsets.UTF_8), 1 << 16);
    try (JsonParser p = CliJson.mapper().getFactory().createParser(body);
        JsonGenerator g = json ? CliJson.mapper().getFactory().createGenerator(out) : null) {
      if (g != null) {
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
        g.setRootValueSeparator(null);
      }
      expect(p.nextToken(), JsonToken.START_OBJECT);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (!field.equals("lines") || value != JsonToken.START_ARRAY) {
          p.skipChildren();
          continue;
        }
        while (p.nextToken() == JsonToken.START_OBJECT) {
          if (g != null) {
            g.copyCurrentStructure(p);
            g.flush(); // into the buffered writer, in order with the newline
            out.write('\n');
          } else {
            line(p, out);
          }
          n++;
        }
      }
    } finally {
      out.flush();
    }
    term.out().flush();
    return n;
  }

  /** One line object, the parser at its start: {@code TIME REPLICA TEXT}. */
  private void line(JsonParser p, Writer out) throws IOException {
    String time = null;
    String replica = "";
    String text = "";
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken v = p.nextToken();
      String s = v == JsonToken.VALUE_STRING ? p.getText() : null;
      switch (field) {
        case "time" -> time = s;
        case "replicaId" -> replica = s == null ? "" : s;
        case "text" -> text = s == null ? "" : s;
        default -> p.skipChildren();
      }
    }
    out.write(term.dim(formatTime(time)));
    out.write(' ');
    out.write(term.cyan(replica));
    out.write(' ');
    out.write(text);
    out.write('\n');
  }

  private String formatTime(String iso) {
    if (iso == null) {
      return "";
    }
    if (!iso.equals(lastTime)) {
      lastFormatted = TIME.format(Instant.parse(iso));
      lastTime = iso;
    }
    return lastFormatted;
  }

  private static void expect(JsonToken got, JsonToken want) throws IOException {
    if (got != want) {
      throw new IOException("the log page is not a JSON object (got " + got + ")");
    }
  }
}
