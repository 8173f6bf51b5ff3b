package dev.berth.engine.app.status;

import java.util.List;

/**
 * The one-word summary of a service that {@code berth status} shows, from its replicas. Pure.
 *
 * <p>Precedence, most urgent first: {@code stopped}/{@code stopping} (the user asked), {@code
 * crashing} (a replica in CrashLoopBackOff), {@code pending} (a replica does not fit), {@code
 * deploying} (outdated replicas still serve while new ones start), {@code starting} (fewer ready
 * than desired while replicas are still starting), {@code degraded} (fewer ready than desired
 * although all have started: a replica fails its readiness probe), {@code running} (all desired
 * ready and nothing extra), {@code scaled-to-zero}.
 */
public final class ServiceState {
  private ServiceState() {}

  public static String summarize(
      boolean cron, boolean stopped, int desired, List<ReplicaView> replicas) {
    if (cron) {
      return stopped ? "stopped" : "scheduled";
    }
    if (stopped) {
      return replicas.isEmpty() ? "stopped" : "stopping";
    }
    if (replicas.stream().anyMatch(r -> r.state().equals("backoff"))) {
      return "crashing";
    }
    if (replicas.stream().anyMatch(r -> r.state().equals("pending"))) {
      return "pending";
    }
    long ready = replicas.stream().filter(r -> r.ready() && !r.outdated()).count();
    boolean outdated = replicas.stream().anyMatch(ReplicaView::outdated);
    if (outdated && !replicas.stream().allMatch(ReplicaView::outdated)) {
      return "deploying";
    }
    if (desired == 0) {
      return replicas.isEmpty() ? "scaled-to-zero" : "stopping";
    }
    if (ready >= desired) {
      return replicas.size() > desired ? "stopping" : "running";
    }
    boolean starting =
        replicas.size() < desired || replicas.stream().anyMatch(r -> r.state().equals("starting"));
    return starting ? "starting" : "degraded";
  }
}
