package dev.berth.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.Cli;
import dev.berth.cli.CliException;
import dev.berth.cli.client.ApiFailure;
import dev.berth.core.spec.Durations;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * {@code --lock-timeout}: runs a call that the server refuses with {@code environment_locked} while
 * another apply holds the environment's lock, again and again until it gets through or the timeout
 * passes, telling the user whom it waits for ({@code waiting for the lock held by alice since ...})
 * each time the holder changes.
 */
final class LockWait {
  static final Duration POLL = Duration.ofMillis(500);

  private LockWait() {}

  static Duration parse(String text) {
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw CliException.invalid(
          "--lock-timeout must be a duration like 0s, 30s or 5m, got '" + text + "'");
    }
  }

  /** {@code call}'s answer, once the lock lets it through. */
  static JsonNode run(Cli cli, Duration timeout, Supplier<JsonNode> call) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String shown = null;
    while (true) {
      try {
        return call.get();
      } catch (ApiFailure f) {
        if (!f.code().equals("environment_locked") || System.nanoTime() >= deadline) {
          if (f.code().equals("environment_locked") && shown != null) {
            throw CliException.failed(
                "gave up waiting for the lock after "
                    + Durations.format(timeout)
                    + ": "
                    + f.getMessage());
          }
          throw f;
        }
        JsonNode d = f.details() == null ? null : f.details().path(0);
        String holder =
            d == null
                ? "another apply"
                : d.path("holder").asText("another apply")
                    + " since "
                    + d.path("acquiredAt").asText("?")
                    + " ("
                    + d.path("operation").asText("apply")
                    + " on control plane "
                    + d.path("instance").asText("?")
                    + ")";
        if (!holder.equals(shown)) {
          cli.term()
              .say(
                  cli.term().yellow("waiting for the lock held by ")
                      + holder
                      + " (up to "
                      + Durations.format(timeout)
                      + "; berth unlock breaks a dead control plane's lock)");
          shown = holder;
        }
        try {
          Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw CliException.failed("interrupted while waiting for the lock");
        }
      }
    }
  }
}
