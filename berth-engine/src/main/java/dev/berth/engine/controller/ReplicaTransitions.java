package dev.berth.engine.controller;

import dev.berth.core.spec.Durations;
import dev.berth.engine.runtime.ExitInfo;
import dev.berth.engine.runtime.ReplicaState;
import dev.berth.engine.runtime.ReplicaStatus;
import dev.berth.engine.store.Event;
import dev.berth.engine.store.ReplicaRecord;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Folds a runtime observation into the stored replica record and names what changed as events. A
 * pure function: same record and status, same result.
 *
 * <p>Events, in the order a person would tell them: {@code ReplicaExited} with the exit code and
 * reason ({@code OOMKilled}, {@code LivenessFailed}, ...) when the previous process ended, {@code
 * ReplicaStarted} (the first process) or {@code ReplicaRestarted} (a later one), {@code
 * CrashLoopBackOff} with the delay, {@code ReplicaReady} / {@code ReplicaNotReady}, {@code
 * ReplicaStopped}.
 */
public final class ReplicaTransitions {
  private ReplicaTransitions() {}

  /** The updated record and the events describing the change (empty when nothing changed). */
  public record Outcome(ReplicaRecord record, List<Event> events) {}

  public static Outcome apply(ReplicaRecord r, ReplicaStatus s, Instant now) {
    List<Event> events = new ArrayList<>();
    String id = r.id();
    boolean newProcess =
        s.incarnation() != null
            && !Objects.equals(s.incarnation(), r.incarnation())
            && s.state() != ReplicaState.TERMINATED;
    boolean enteredBackoff = s.state() == ReplicaState.BACKOFF && r.state() != ReplicaState.BACKOFF;
    boolean restartedDirectly = s.restarts() > r.restarts() && r.state() != ReplicaState.BACKOFF;
    if (enteredBackoff || restartedDirectly) {
      ExitInfo exit = s.lastExit();
      if (exit != null) {
        events.add(
            Event.of(
                exit.at() == null ? now : exit.at(), r.key(), id, "ReplicaExited", describe(exit)));
      }
    }
    if (newProcess) {
      events.add(
          Event.of(
              now,
              r.key(),
              id,
              r.incarnation() == null && s.restarts() == 0 ? "ReplicaStarted" : "ReplicaRestarted",
              "process "
                  + s.incarnation().pid()
                  + (s.port() > 0 ? " on port " + s.port() : "")
                  + (s.restarts() > 0 ? " (restart " + s.restarts() + ")" : "")));
    }
    if (enteredBackoff) {
      List<String> parts = new ArrayList<>();
      if (s.lastExit() != null) {
        parts.add(describe(s.lastExit()));
      }
      if (s.nextStartAt() != null) {
        java.time.Duration wait = java.time.Duration.between(now, s.nextStartAt());
        parts.add(
            "next start in "
                + Durations.format(
                    wait.isNegative()
                        ? java.time.Duration.ZERO
                        : wait.truncatedTo(ChronoUnit.MILLIS)));
      }
      events.add(Event.of(now, r.key(), id, "CrashLoopBackOff", String.join("; ", parts)));
    }
    if (s.ready() && !r.ready()) {
      events.add(Event.of(now, r.key(), id, "ReplicaReady", readyText(s)));
    } else if (!s.ready() && r.ready()) {
      events.add(
          Event.of(
              now,
              r.key(),
              id,
              "ReplicaNotReady",
              s.message().isEmpty() ? notReadyText(s) : s.message()));
    }
    if (s.state() == ReplicaState.TERMINATED && r.state() != ReplicaState.TERMINATED) {
      events.add(
          Event.of(
              now,
              r.key(),
              id,
              "ReplicaStopped",
              s.lastExit() == null ? "stopped" : describe(s.lastExit())));
    }
    ReplicaRecord updated =
        new ReplicaRecord(
            r.id(),
            r.key(),
            r.templateHash(),
            r.cpuMillis(),
            r.memoryBytes(),
            s.state(),
            s.ready(),
            Math.max(r.restarts(), s.restarts()),
            s.incarnation() != null ? s.incarnation() : r.incarnation(),
            s.node() == null || s.node().isEmpty() ? r.node() : s.node(),
            s.startedAt() != null ? s.startedAt() : r.startedAt(),
            s.reason(),
            s.message(),
            r.stopRequested(),
            r.createdAt(),
            now,
            s.ready() ? (r.ready() && r.readySince() != null ? r.readySince() : now) : null);
    boolean changed =
        updated.state() != r.state()
            || updated.ready() != r.ready()
            || updated.restarts() != r.restarts()
            || !Objects.equals(updated.incarnation(), r.incarnation())
            || !Objects.equals(updated.startedAt(), r.startedAt())
            || !updated.reason().equals(r.reason())
            || !updated.message().equals(r.message())
            || !updated.node().equals(r.node());
    return new Outcome(changed ? updated : r, events);
  }

  /** "exited with code 137 (OOMKilled: memory limit 256Mi)". */
  /**
   * Only web replicas receive traffic, and only they get a port ({@code ReplicaSpec#needsPort}): a
   * replica with a port is a web replica the router sends requests to while it is ready.
   */
  static String readyText(ReplicaStatus s) {
    return s.port() > 0
        ? "receiving traffic on port " + s.port()
        : "ready (a worker receives no traffic)";
  }

  static String notReadyText(ReplicaStatus s) {
    return s.port() > 0 ? "taken out of traffic" : "no longer ready";
  }

  static String describe(ExitInfo exit) {
    StringBuilder b = new StringBuilder();
    if (exit.code() >= 0) {
      b.append("exited with code ").append(exit.code());
    } else {
      b.append("exited");
    }
    if (exit.reason() != null && !exit.reason().isEmpty()) {
      b.append(" (").append(exit.reason());
      if (exit.message() != null && !exit.message().isEmpty()) {
        b.append(": ").append(firstLine(exit.message()));
      }
      b.append(')');
    }
    return b.toString();
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
