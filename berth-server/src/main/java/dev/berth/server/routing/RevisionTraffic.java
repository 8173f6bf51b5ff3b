package dev.berth.server.routing;

import dev.berth.core.rollout.WatchVerdict;
import dev.berth.engine.release.TrafficWindows;
import dev.berth.engine.store.ServiceKey;
import dev.berth.router.ReleaseTraffic;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.AtomicHistogram;

/**
 * Counts what every revision of every web service answered through the router — requests, 5xx
 * answers and a latency histogram — and serves those counts to the release watch. The router writes
 * ({@link ReleaseTraffic}), the release reconciler reads ({@link TrafficWindows}).
 *
 * <p>Recording is lock-free (adders and an atomic histogram from 1 µs to 60 s with one significant
 * digit, so a p95 is exact to about 6% and a revision's counts take about 3 KB; longer answers are
 * counted as 60 s), since it runs on the router's selector threads for every request. Only the
 * creation of a recorder (once per backend) takes this object's lock.
 *
 * <p>Bounded: a service keeps the counts of its {@link #REVISIONS_KEPT} most recently started
 * revisions; an older one reads as "nothing answered" (a watch only ever judges the newest). A
 * recorder the router still holds for a forgotten revision keeps counting into counts nobody reads,
 * until its backend leaves the route table.
 */
public final class RevisionTraffic implements ReleaseTraffic, TrafficWindows {

  /** Revisions kept per service: the one being watched, the one it replaced, and some slack. */
  static final int REVISIONS_KEPT = 3;

  private static final long MAX_MICROS = TimeUnit.SECONDS.toMicros(60);

  /** Per service, its revisions' counts in the order they first answered (oldest first). */
  private final Map<ServiceKey, LinkedHashMap<String, Counts>> services = new ConcurrentHashMap<>();

  @Override
  public Recorder recorder(ServiceKey service, String revision) {
    synchronized (this) {
      LinkedHashMap<String, Counts> revisions =
          services.computeIfAbsent(service, k -> new LinkedHashMap<>());
      Counts counts = revisions.get(revision);
      if (counts == null) {
        counts = new Counts();
        revisions.put(revision, counts);
        Iterator<String> oldest = revisions.keySet().iterator();
        while (revisions.size() > REVISIONS_KEPT) {
          oldest.next();
          oldest.remove();
        }
      }
      return counts;
    }
  }

  @Override
  public WatchVerdict.Window answered(ServiceKey service, String revision) {
    Counts counts;
    synchronized (this) {
      LinkedHashMap<String, Counts> revisions = services.get(service);
      counts = revisions == null ? null : revisions.get(revision);
    }
    return counts == null ? new WatchVerdict.Window(0, 0, null) : counts.window();
  }

  /** Forgets a service that left the route table. */
  public synchronized void forget(ServiceKey service) {
    services.remove(service);
  }

  /** One revision's counts. */
  private static final class Counts implements Recorder {
    private final LongAdder requests = new LongAdder();
    private final LongAdder serverErrors = new LongAdder();
    private final AtomicHistogram micros = new AtomicHistogram(MAX_MICROS, 1);

    @Override
    public void answered(int status, long nanos) {
      micros.recordValue(Math.max(0, Math.min(MAX_MICROS, nanos / 1_000)));
      requests.increment(); // before the error count: a reader never sees more errors than answers
      if (status >= 500 && status < 600) {
        serverErrors.increment();
      }
    }

    WatchVerdict.Window window() {
      long errors = serverErrors.sum(); // first: see answered()
      long total = Math.max(requests.sum(), errors);
      Duration p95 =
          total == 0 ? null : Duration.ofNanos(micros.getValueAtPercentile(95.0) * 1_000);
      return new WatchVerdict.Window(total, errors, p95);
    }
  }
}
