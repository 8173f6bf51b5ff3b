package dev.berth.engine.controller;

import dev.berth.engine.runtime.Incarnation;
import dev.berth.engine.runtime.Leftover;
import dev.berth.engine.store.ReplicaRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides, once at start, what becomes of the processes an earlier control plane left running. A
 * pure function of the stored records and the runtime's {@link Leftover}s.
 *
 * <ul>
 *   <li>No record claims the replica: the process is a leak (the control plane died after starting
 *       it and before recording it, or after deleting the record and before the process was gone).
 *       Stop it.
 *   <li>A record claims it with that very process (same pid and start time): nothing to decide; the
 *       reconcile adopts it through the recorded incarnation.
 *   <li>A record claims it with another process, or none (the control plane died between
 *       (re)starting it and recording the new incarnation): the record takes the found process as
 *       its incarnation, so the reconcile adopts it instead of starting a second copy.
 * </ul>
 */
public final class LeftoverTriage {
  private LeftoverTriage() {}

  /**
   * @param stop leftovers no record claims
   * @param reclaimed records that now name the process that actually runs for them
   */
  public record Plan(List<Leftover> stop, List<ReplicaRecord> reclaimed) {}

  public static Plan decide(List<ReplicaRecord> records, List<Leftover> leftovers, Instant now) {
    Map<String, ReplicaRecord> byId = new HashMap<>();
    records.forEach(r -> byId.put(r.id(), r));
    List<Leftover> stop = new ArrayList<>();
    List<ReplicaRecord> reclaimed = new ArrayList<>();
    for (Leftover l : leftovers) {
      ReplicaRecord r = byId.get(l.replicaId());
      if (r == null) {
        stop.add(l);
      } else if (!sameProcess(r.incarnation(), l.incarnation())) {
        reclaimed.add(r.withIncarnation(l.incarnation(), now));
      }
    }
    return new Plan(List.copyOf(stop), List.copyOf(reclaimed));
  }

  static boolean sameProcess(Incarnation recorded, Incarnation found) {
    return recorded != null
        && recorded.pid() == found.pid()
        && recorded.startTicks() == found.startTicks();
  }
}
