package dev.berth.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.Cli;
import dev.berth.cli.term.Term;
import dev.berth.engine.app.status.ServiceState;
import dev.berth.engine.runtime.ReplicaState;
import dev.berth.engine.store.ReleaseStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Follows an environment after a change until every service has converged, showing one live line
 * per service (redrawn in place on a terminal, printed on change otherwise). Deploy status that
 * never lies: success only when every service is running with all desired replicas ready on its
 * current release; failure as soon as a replica cannot be placed or crash-loops.
 */
final class ConvergenceWatch {
  /** Crash-loop restarts of a current replica after which waiting is pointless. */
  static final int CRASH_RESTARTS = 3;

  enum Outcome {
    CONVERGED,
    FAILED,
    TIMED_OUT
  }

  private final Cli cli;
  private final String path;
  private final String release;
  private int drawn;

  /**
   * @param release the release to follow ({@code v5}): success only once it is live, failure as
   *     soon as it failed, was rolled back or superseded; {@code null} to follow the services only
   */
  ConvergenceWatch(Cli cli, String envPath, String release) {
    this.cli = cli;
    this.path = envPath;
    this.release = release;
  }

  Outcome await(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "";
    JsonNode env = null;
    while (System.nanoTime() < deadline) {
      env = cli.api().get(path);
      List<String> lines = lines(env, cli.term());
      String text = String.join("\n", lines);
      if (!text.equals(last)) {
        draw(lines);
        last = text;
      }
      Outcome o = judge(env, release);
      if (o != null) {
        return o;
      }
      Thread.sleep(250);
    }
    return Outcome.TIMED_OUT;
  }

  /**
   * {@code CONVERGED}, {@code FAILED}, or {@code null} to keep waiting. With a release to follow,
   * the server's verdict on it decides: it fails, is rolled back or superseded (failed), or goes
   * live (converged once the services have settled); the server also waits out replicas that wait
   * for room, up to the release's deadline.
   */
  static Outcome judge(JsonNode env, String release) {
    JsonNode latest = env.path("latest");
    if (release != null && latest.isObject()) {
      if (!latest.path("version").asText().equals(release)) {
        return Outcome.FAILED; // a newer release superseded it
      }
      Optional<ReleaseStatus> status = ReleaseStatus.fromWire(latest.path("status").asText());
      if (status.isEmpty() || status.get() == ReleaseStatus.DEPLOYING) {
        return null;
      }
      if (status.get() != ReleaseStatus.LIVE) {
        return Outcome.FAILED;
      }
    }
    boolean all = true;
    for (JsonNode s : env.path("services")) {
      Optional<ServiceState> state = ServiceState.fromWire(s.path("state").asText());
      if (release == null && state.equals(Optional.of(ServiceState.PENDING))) {
        return Outcome.FAILED;
      }
      for (JsonNode r : s.path("replicas")) {
        if (release == null
            && !r.path("outdated").asBoolean()
            && ReplicaState.fromWire(r.path("state").asText())
                .equals(Optional.of(ReplicaState.BACKOFF))
            && r.path("restarts").asInt() >= CRASH_RESTARTS) {
          return Outcome.FAILED;
        }
      }
      // A state this CLI does not know (a newer server) is not settled: keep waiting.
      all &= state.map(ServiceState::settled).orElse(false);
    }
    return all ? Outcome.CONVERGED : null;
  }

  static List<String> lines(JsonNode env, Term t) {
    List<String> out = new ArrayList<>();
    int w = 0;
    for (JsonNode s : env.path("services")) {
      w = Math.max(w, s.path("name").asText().length());
    }
    for (JsonNode s : env.path("services")) {
      String name = s.path("name").asText();
      StringBuilder b =
          new StringBuilder("  ").append(name).append(" ".repeat(w - name.length() + 2));
      if (s.path("type").asText().equals("cron")) {
        b.append(t.state(s.path("state").asText()));
      } else {
        b.append(s.path("ready").asInt())
            .append('/')
            .append(s.path("desired").asInt())
            .append(" ready  ")
            .append(t.state(s.path("state").asText()));
        for (JsonNode r : s.path("replicas")) {
          if (!r.path("reason").asText().isEmpty()) {
            b.append("  ").append(t.dim(r.path("id").asText() + ": " + r.path("reason").asText()));
            break;
          }
        }
      }
      out.add(b.toString());
    }
    return out;
  }

  private void draw(List<String> lines) {
    Term t = cli.term();
    if (t.tty() && drawn > 0) {
      t.err().print("\u001b[" + drawn + "A");
    }
    for (String l : lines) {
      t.err().print(t.tty() ? "\r\u001b[2K" + l + "\n" : l + "\n");
    }
    if (!t.tty()) {
      t.err().println();
    }
    t.err().flush();
    drawn = lines.size();
  }
}
