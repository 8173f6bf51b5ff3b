package dev.berth.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.engine.app.status.ServiceState;
import java.util.ArrayList;
import java.util.List;

/** One line naming what keeps an environment from converging, from its status JSON. */
final class FailureSummary {
  private FailureSummary() {}

  /**
   * What went wrong with {@code release} ({@code v5}) when the server gave up on it, else what
   * keeps the services from converging.
   */
  static String of(JsonNode env, String release) {
    JsonNode latest = env.path("latest");
    if (release != null && latest.isObject()) {
      String version = latest.path("version").asText();
      if (!version.equals(release)) {
        return release + " was superseded by " + version + ", applied after it";
      }
      String status = latest.path("status").asText();
      if (!status.equals("deploying") && !status.equals("live")) {
        return release + " " + status + ": " + latest.path("reason").asText();
      }
    }
    return of(env);
  }

  static String of(JsonNode env) {
    List<String> parts = new ArrayList<>();
    for (JsonNode s : env.path("services")) {
      String state = s.path("state").asText();
      if (ServiceState.fromWire(state).map(ServiceState::settled).orElse(false)) {
        continue;
      }
      String why = "";
      for (JsonNode r : s.path("replicas")) {
        if (!r.path("reason").asText().isEmpty()) {
          why =
              " ("
                  + r.path("reason").asText()
                  + (r.path("message").asText().isEmpty() ? "" : ": " + r.path("message").asText())
                  + ")";
          break;
        }
      }
      parts.add(
          s.path("name").asText()
              + " "
              + state
              + " "
              + s.path("ready").asInt()
              + "/"
              + s.path("desired").asInt()
              + " ready"
              + why);
    }
    return parts.isEmpty() ? "no service reported a problem" : String.join("; ", parts);
  }
}
