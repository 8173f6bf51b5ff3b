package dev.berth.engine.runtime;

import java.util.Objects;

/**
 * A replica process that an earlier control plane of the same installation (locally: the same data
 * directory) started and left running when it died, found by looking at the machine rather than
 * remembered. The runtime reports it; {@code StartupRecovery} decides whether a record claims it
 * (then it is adopted) or not (then it is stopped).
 *
 * @param replicaId the replica the process was started for
 * @param incarnation the process as found: pid, start time and port
 */
public record Leftover(String replicaId, Incarnation incarnation) {
  public Leftover {
    Objects.requireNonNull(replicaId, "replicaId");
    Objects.requireNonNull(incarnation, "incarnation");
  }
}
