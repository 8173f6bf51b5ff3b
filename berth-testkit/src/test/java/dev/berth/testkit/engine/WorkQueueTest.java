package dev.berth.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.queue.Controller;
import dev.berth.engine.queue.Result;
import dev.berth.engine.queue.RetryBackoff;
import dev.berth.engine.queue.WorkQueue;
import dev.berth.testkit.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkQueueTest {
  final MutableClock clock = MutableClock.atEpoch2026();
  final WorkQueue<String> q =
      new WorkQueue<>(clock, new RetryBackoff(Duration.ofMillis(100), Duration.ofSeconds(10)));

  @Test
  void aKeyIsQueuedOnce() {
    q.add("a");
    q.add("a");
    q.add("b");
    assertThat(q.size()).isEqualTo(2);
    assertThat(q.poll()).contains("a");
    assertThat(q.poll()).contains("b");
    assertThat(q.poll()).isEmpty();
  }

  @Test
  void aKeyAddedWhileProcessingComesBackAfterDoneAndIsNeverHandedOutTwice() {
    q.add("a");
    assertThat(q.poll()).contains("a");
    q.add("a");
    assertThat(q.poll()).as("not while processing").isEmpty();
    q.done("a");
    assertThat(q.poll()).contains("a");
    q.done("a");
    assertThat(q.poll()).isEmpty();
  }

  @Test
  void delayedKeysBecomeDueWhenTheClockMoves() {
    q.addAfter("a", Duration.ofSeconds(5));
    assertThat(q.poll()).isEmpty();
    assertThat(q.nextDueAt()).contains(clock.instant().plusSeconds(5));
    clock.advance(Duration.ofSeconds(4));
    assertThat(q.poll()).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(q.poll()).contains("a");
  }

  @Test
  void anEarlierAddWinsOverALaterDueTime() {
    q.addAfter("a", Duration.ofMinutes(5));
    q.add("a");
    assertThat(q.poll()).contains("a");
  }

  @Test
  void failuresBackOffExponentiallyPerKeyAndForgetResets() {
    q.addRateLimited("a");
    assertThat(q.nextDueAt()).contains(clock.instant().plusMillis(100));
    clock.advance(Duration.ofMillis(100));
    assertThat(q.poll()).contains("a");
    q.done("a");
    q.addRateLimited("a");
    assertThat(q.nextDueAt()).contains(clock.instant().plusMillis(200));
    assertThat(q.failures("a")).isEqualTo(2);
    q.forget("a");
    assertThat(q.failures("a")).isZero();
  }

  @Test
  void aClockSetBackwardsDoesNotStarveAKey() {
    q.addAfter("a", Duration.ofSeconds(10));
    clock.advance(Duration.ofDays(-1));
    assertThat(q.poll()).isEmpty();
    clock.advance(Duration.ofSeconds(10));
    assertThat(q.poll()).contains("a");
  }

  @Test
  void controllerRetriesFailuresWithBackoffAndHonoursRequeueAfter() {
    List<java.time.Instant> seen = new ArrayList<>();
    java.time.Instant start = clock.instant();
    int[] calls = {0};
    Controller<String> c =
        new Controller<>(
            "test",
            q,
            key -> {
              seen.add(clock.instant());
              if (calls[0]++ == 0) {
                throw new IllegalStateException("boom");
              }
              return calls[0] == 2 ? Result.requeueAfter(Duration.ofSeconds(30)) : Result.done();
            });
    q.add("k");
    assertThat(c.processOne()).isTrue();
    assertThat(c.processOne()).as("retry waits for backoff").isFalse();
    clock.advance(Duration.ofMillis(100));
    assertThat(c.processOne()).isTrue();
    assertThat(q.failures("k")).as("success forgets failures").isZero();
    assertThat(c.processOne()).isFalse();
    clock.advance(Duration.ofSeconds(30));
    assertThat(c.processOne()).isTrue();
    assertThat(c.processOne()).isFalse();
    assertThat(seen)
        .containsExactly(start, start.plusMillis(100), start.plusMillis(100).plusSeconds(30));
  }

  @Test
  void takeReturnsADueKeyAndTimesOutWhenNoneIs() throws InterruptedException {
    q.add("a");
    assertThat(q.take(Duration.ofMillis(10))).contains("a");
    assertThat(q.take(Duration.ofMillis(10))).isEqualTo(Optional.empty());
  }
}
