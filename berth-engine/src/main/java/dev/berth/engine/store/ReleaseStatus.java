package dev.berth.engine.store;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a release stands. Its wire spelling (lower case, {@code rolled-back} with a dash) is the
 * {@code status} of {@code berth releases -o json}, read back by the CLI through this type.
 *
 * <pre>
 *  DEPLOYING --every service converged--> LIVE --a newer release goes live--> SUPERSEDED
 *      |                                   \--(it is the newest good one, kept for rollback)
 *      +--a check failed, previous restored--> ROLLED_BACK
 *      +--a check failed, nothing to restore / autoRollback off--> FAILED
 *      +--a newer release was applied before it converged--> SUPERSEDED
 * </pre>
 *
 * Invariant: at most one release of an environment is {@code LIVE} and at most one is {@code
 * DEPLOYING}; every state but {@code DEPLOYING} and {@code LIVE} is final.
 */
public enum ReleaseStatus {
  /** Being rolled out: its replicas start, the previous release keeps serving. */
  DEPLOYING,
  /** What runs now: every service runs this release's replicas. */
  LIVE,
  /** Failed its deploy; nothing earlier could be (or was to be) restored. */
  FAILED,
  /** Failed its deploy, and the last good release was restored. */
  ROLLED_BACK,
  /** Was live (or deploying) until a newer release took over. */
  SUPERSEDED;

  /** The spelling in JSON and on screen. */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Parses the wire spelling; empty for anything else (a newer server may know more). */
  public static Optional<ReleaseStatus> fromWire(String text) {
    for (ReleaseStatus s : values()) {
      if (s.wireName().equals(text)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  @JsonCreator
  static ReleaseStatus parse(String text) {
    return fromWire(text)
        .orElseThrow(() -> new IllegalArgumentException("not a release status: " + text));
  }

  /** Whether this state never changes again. */
  public boolean isFinal() {
    return this != DEPLOYING && this != LIVE;
  }
}
