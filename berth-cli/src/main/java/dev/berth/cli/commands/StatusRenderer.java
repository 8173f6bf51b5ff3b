package dev.berth.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.term.Ago;
import dev.berth.cli.term.Table;
import dev.berth.cli.term.Term;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Renders an environment's status JSON as aligned text: a services table, then replicas. */
final class StatusRenderer {
  private StatusRenderer() {}

  /**
   * {@code release v4}, {@code release v4, v5 deploying}, {@code release v4 (v5 rolled-back)} or
   * {@code no live release, v1 deploying}: what runs and, if newer, how the newest release stands.
   */
  static String releaseLine(JsonNode env, Term t) {
    String live = env.path("release").isTextual() ? env.path("release").asText() : "";
    JsonNode latest = env.path("latest");
    String newest = latest.path("version").asText();
    String status = latest.path("status").asText();
    StringBuilder b = new StringBuilder(live.isEmpty() ? "no live release" : "release " + live);
    if (!newest.isEmpty() && !newest.equals(live)) {
      String text = newest + " " + status;
      b.append(live.isEmpty() ? ", " + text : " (" + text + ")");
      if (status.equals("deploying")) {
        return b.toString().replace(text, t.yellow(text));
      }
      return b.toString().replace(text, status.equals("superseded") ? t.dim(text) : t.red(text));
    }
    return b.toString();
  }

  static String render(JsonNode env, Term t, Instant now) {
    StringBuilder b = new StringBuilder();
    b.append(t.bold(env.path("project").asText() + "/" + env.path("environment").asText()))
        .append("  ")
        .append(releaseLine(env, t))
        .append("  applied ")
        .append(ago(env.path("appliedAt"), now))
        .append(" ago")
        .append("  ")
        .append(t.dim(env.path("sourceDir").asText()))
        .append("\n\n");
    Table services = new Table("SERVICE", "TYPE", "STATE", "READY", "RELEASE", "URL / SCHEDULE");
    for (JsonNode s : env.path("services")) {
      boolean cron = s.path("type").asText().equals("cron");
      String where;
      if (cron) {
        where = s.path("schedule").asText() + " (" + s.path("timezone").asText() + ")";
        if (s.path("nextRun").isTextual()) {
          Instant next = Instant.parse(s.path("nextRun").asText());
          where +=
              ", next "
                  + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")
                      .format(next.atZone(ZoneId.of(s.path("timezone").asText())))
                  + " (in "
                  + Ago.between(now, next)
                  + ")";
        }
        JsonNode last = s.path("lastRun");
        if (last.isObject() && last.path("startedAt").isTextual()) {
          where +=
              ", last "
                  + last.path("result").asText()
                  + " "
                  + Ago.between(Instant.parse(last.path("startedAt").asText()), now)
                  + " ago"
                  + (last.path("durationMs").isNumber()
                      ? " (took "
                          + Ago.format(
                              java.time.Duration.ofMillis(last.path("durationMs").asLong()))
                          + ")"
                      : "");
        } else if (last.isObject()) {
          where += ", last " + last.path("result").asText();
        }
      } else {
        where = s.path("url").isTextual() ? s.path("url").asText() : "";
      }
      services.row(
          s.path("name").asText(),
          s.path("type").asText(),
          t.state(s.path("state").asText()),
          cron ? "-" : s.path("ready").asInt() + "/" + s.path("desired").asInt(),
          s.path("release").asText(),
          where);
    }
    b.append(services.render(t));
    Table replicas =
        new Table("REPLICA", "STATE", "READY", "RESTARTS", "PID", "PORT", "CPU", "MEMORY", "AGE");
    StringBuilder notes = new StringBuilder();
    for (JsonNode s : env.path("services")) {
      for (JsonNode r : s.path("replicas")) {
        String state = r.path("state").asText();
        if (r.path("outdated").asBoolean()) {
          state += " (old)";
        }
        replicas.row(
            r.path("id").asText(),
            t.state(state),
            r.path("ready").asBoolean() ? t.green("yes") : "no",
            r.path("restarts").asInt(),
            r.path("pid").asLong() == 0 ? "-" : r.path("pid").asText(),
            r.path("port").asInt() == 0 ? "-" : r.path("port").asText(),
            r.path("cpuMillis").asLong(-1) < 0 ? "-" : r.path("cpuMillis").asLong() + "m",
            r.path("memoryBytes").asLong(-1) < 0
                ? "-"
                : (r.path("memoryBytes").asLong() >> 20) + "Mi",
            ago(r.path("startedAt"), now));
        if (!r.path("reason").asText().isEmpty() || !r.path("message").asText().isEmpty()) {
          notes
              .append("  ")
              .append(r.path("id").asText())
              .append(": ")
              .append(t.yellow(r.path("reason").asText()))
              .append(r.path("message").asText().isEmpty() ? "" : " " + r.path("message").asText())
              .append('\n');
        }
      }
    }
    if (replicas.size() > 0) {
      b.append('\n').append(replicas.render(t));
    }
    if (notes.length() > 0) {
      b.append('\n').append(notes);
    }
    return b.toString();
  }

  private static String ago(JsonNode instant, Instant now) {
    return instant.isTextual() ? Ago.between(Instant.parse(instant.asText()), now) : "-";
  }
}
