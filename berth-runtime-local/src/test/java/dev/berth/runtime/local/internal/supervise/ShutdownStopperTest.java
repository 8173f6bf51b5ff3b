package dev.berth.runtime.local.internal.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.runtime.local.internal.proc.Signaller;
import dev.berth.testkit.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ShutdownStopperTest {
  private static final Duration GRACE = Duration.ofSeconds(5);

  private final MutableClock clock = MutableClock.atEpoch2026();
  private final BatchSignaller signaller = new BatchSignaller();
  private final List<String> progress = new ArrayList<>();
  private final ShutdownStopper stopper =
      new ShutdownStopper(signaller, clock, d -> clock.advance(d));

  /** Records whole batches; groups in {@code stubborn} ignore SIGTERM, the others end on it. */
  static class BatchSignaller implements Signaller {
    final Set<Long> alive = new HashSet<>();
    final Set<Long> stubborn = new HashSet<>();
    final List<String> batches = new ArrayList<>();

    @Override
    public void signalGroup(long pgid, Signal signal) {
      signalGroups(List.of(pgid), signal);
    }

    @Override
    public void signalGroups(Collection<Long> pgids, Signal signal) {
      batches.add(signal + " x" + pgids.size());
      for (long g : pgids) {
        if (signal == Signal.KILL || !stubborn.contains(g)) {
          alive.remove(g);
        }
      }
    }

    @Override
    public boolean groupAlive(long pgid) {
      return alive.contains(pgid);
    }
  }

  private List<ShutdownTarget> targets(int n) {
    List<ShutdownTarget> out = new ArrayList<>();
    LongStream.rangeClosed(1000, 999 + n)
        .forEach(
            g -> {
              signaller.alive.add(g);
              out.add(new ShutdownTarget("r-" + g, g, null));
            });
    return out;
  }

  @Test
  void everyGroupGetsSigtermInOneBatchAndItReturnsWhenAllAreGone() {
    var r = stopper.stop(targets(1000), GRACE, (left, total) -> progress.add(left + "/" + total));
    assertThat(signaller.batches).containsExactly("TERM x1000");
    assertThat(r).isEqualTo(new ShutdownStopper.Result(1000, 0, false));
    assertThat(progress).containsExactly("1000/1000", "0/1000");
    assertThat(clock.instant()).isBefore(MutableClock.atEpoch2026().instant().plus(GRACE));
  }

  @Test
  void groupsThatIgnoreSigtermGetSigkillTogetherAfterTheGrace() {
    List<ShutdownTarget> ts = targets(1000);
    LongStream.range(1000, 1300).forEach(signaller.stubborn::add);
    var r = stopper.stop(ts, GRACE, (left, total) -> progress.add(left + "/" + total));
    assertThat(signaller.batches).containsExactly("TERM x1000", "KILL x300");
    assertThat(r).isEqualTo(new ShutdownStopper.Result(1000, 0, true));
    assertThat(progress).containsExactly("1000/1000", "300/1000", "0/1000");
    Duration took = Duration.between(MutableClock.atEpoch2026().instant(), clock.instant());
    assertThat(took).isGreaterThanOrEqualTo(GRACE).isLessThan(GRACE.plusSeconds(1));
  }

  @Test
  void theCgroupOfAGroupLeftAfterTheGraceIsEmptiedToo() {
    signaller.alive.add(42L);
    signaller.stubborn.add(42L);
    Fakes.FakeCgroup cg = new Fakes.FakeCgroup();
    stopper.stop(List.of(new ShutdownTarget("r", 42, cg)), GRACE, (l, t) -> {});
    assertThat(cg.killAlls).isEqualTo(1);
  }

  @Test
  void aGroupThatSurvivesSigkillIsGivenUpOnAfterTheKillWait() {
    BatchSignaller stuck =
        new BatchSignaller() {
          @Override
          public void signalGroups(Collection<Long> pgids, Signal signal) {
            batches.add(signal + " x" + pgids.size()); // a process in uninterruptible sleep
          }
        };
    stuck.alive.add(7L);
    var r =
        new ShutdownStopper(stuck, clock, d -> clock.advance(d))
            .stop(List.of(new ShutdownTarget("r", 7, null)), GRACE, (l, t) -> {});
    assertThat(r).isEqualTo(new ShutdownStopper.Result(1, 1, true));
    Duration took = Duration.between(MutableClock.atEpoch2026().instant(), clock.instant());
    assertThat(took).isLessThan(GRACE.plus(ShutdownStopper.KILL_WAIT).plusSeconds(1));
  }

  @Test
  void groupsAlreadyGoneAreNotSignalled() {
    List<ShutdownTarget> ts = targets(3);
    signaller.alive.clear();
    var r = stopper.stop(ts, GRACE, (l, t) -> {});
    assertThat(signaller.batches).isEmpty();
    assertThat(r).isEqualTo(new ShutdownStopper.Result(3, 0, false));
  }
}
