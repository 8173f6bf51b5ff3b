package dev.berth.engine.app.status;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.berth.core.decide.Admission;
import dev.berth.engine.runtime.ReplicaState;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The one-word summary of a service that {@code berth status} shows, from its replicas. Its wire
 * spelling (lower case, {@code scaled-to-zero}) is the {@code state} of a service in {@code berth
 * status -o json}, a contract in DESIGN.md; the API writes it and the CLI reads it through this one
 * type, so neither spells the words again.
 *
 * <p>Precedence of {@link #summarize}, most urgent first: {@code stopped}/{@code stopping} (the
 * user asked), {@code crashing} (a replica in CrashLoopBackOff), {@code pending} (a replica does
 * not fit; one that waits for replicas being stopped is deploying or starting), {@code deploying}
 * (outdated replicas still serve while new ones start), {@code starting} (fewer ready than desired
 * while replicas are still starting), {@code degraded} (fewer ready than desired although all have
 * started: a replica fails its readiness probe), {@code running} (all desired ready and nothing
 * extra), {@code scaled-to-zero}.
 */
public enum ServiceState {
  RUNNING,
  STARTING,
  DEPLOYING,
  DEGRADED,
  CRASHING,
  PENDING,
  STOPPED,
  STOPPING,
  SCALED_TO_ZERO,
  /** A cron service that is not stopped: its runs start on schedule (see docs/cron.md). */
  SCHEDULED;

  /** The spelling in JSON and on screen: lower case, words joined by {@code -}. */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Parses the wire spelling; empty for anything else (a newer server may know more states), so a
   * reader can treat an unknown word as "not settled" instead of failing.
   */
  public static Optional<ServiceState> fromWire(String text) {
    for (ServiceState s : values()) {
      if (s.wireName().equals(text)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  @JsonCreator
  static ServiceState parse(String text) {
    return fromWire(text)
        .orElseThrow(() -> new IllegalArgumentException("not a service state: " + text));
  }

  /**
   * Whether the service has reached what was asked of it: {@code running}, {@code scheduled},
   * {@code stopped}, {@code scaled-to-zero}. A deploy waits until every service is settled.
   */
  public boolean settled() {
    return this == RUNNING || this == SCHEDULED || this == STOPPED || this == SCALED_TO_ZERO;
  }

  /** The summary of a service from its replicas. Pure. */
  public static ServiceState summarize(
      boolean cron, boolean stopped, int desired, List<ReplicaView> replicas) {
    if (cron) {
      return stopped ? STOPPED : SCHEDULED;
    }
    if (stopped) {
      return replicas.isEmpty() ? STOPPED : STOPPING;
    }
    if (replicas.stream().anyMatch(r -> r.state() == ReplicaState.BACKOFF)) {
      return CRASHING;
    }
    if (replicas.stream().anyMatch(ServiceState::doesNotFit)) {
      return PENDING;
    }
    long ready = replicas.stream().filter(r -> r.ready() && !r.outdated()).count();
    boolean outdated = replicas.stream().anyMatch(ReplicaView::outdated);
    if (outdated && !replicas.stream().allMatch(ReplicaView::outdated)) {
      return DEPLOYING;
    }
    if (desired == 0) {
      return replicas.isEmpty() ? SCALED_TO_ZERO : STOPPING;
    }
    if (ready >= desired) {
      return replicas.size() > desired ? STOPPING : RUNNING;
    }
    boolean starting =
        replicas.size() < desired
            || replicas.stream()
                .anyMatch(
                    r -> r.state() == ReplicaState.STARTING || r.state() == ReplicaState.PENDING);
    return starting ? STARTING : DEGRADED;
  }

  /**
   * A pending replica that does not fit. One waiting for replicas being stopped ({@link
   * Admission#WAITING_FOR_STOPS}) will fit without anyone doing anything: it is part of a deploy or
   * a start, not a failure.
   */
  private static boolean doesNotFit(ReplicaView r) {
    return r.state() == ReplicaState.PENDING && !Admission.WAITING_FOR_STOPS.equals(r.reason());
  }
}
