package dev.berth.engine.release;

import dev.berth.core.rollout.WatchVerdict;
import dev.berth.engine.store.ServiceKey;

/**
 * What users got from each revision of a web service: the port through which the release watch
 * reads what the router measured ({@link WatchVerdict.Window}: answers, 5xx answers, p95 latency).
 *
 * <p>A revision is the hash of the service template its replicas run, which names the release that
 * introduced it. Counts cover every request a replica of that revision answered since the router
 * (or the control plane) started, so they include the answers the revision gave while its rollout
 * was still going. They live in memory: a restarted control plane counts again from zero and the
 * watch judges what it sees in the rest of its window.
 */
@FunctionalInterface
public interface TrafficWindows {

  /** Measures nothing: every revision has answered no request. */
  TrafficWindows NONE = (service, revision) -> new WatchVerdict.Window(0, 0, null);

  /** What the replicas of {@code revision} answered for {@code service} so far. */
  WatchVerdict.Window answered(ServiceKey service, String revision);
}
