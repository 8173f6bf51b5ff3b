package dev.berth.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.app.ApplyRequest;
import dev.berth.engine.app.ApplyResult;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.testkit.MutableClock;
import dev.berth.testkit.runtime.FakeRuntime;
import dev.berth.testkit.store.InMemoryStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Applies of one environment queue: each runs whole (validate, store, publish its events, wake the
 * controllers) before the next one starts, in arrival order, so concurrent applies end with the
 * last one applied and listeners see releases in order. Time limits are hang guards only.
 */
class ApplyQueueTest {
  @TempDir Path app;
  InMemoryStore store;
  EngineHarness h;
  final EnvironmentKey env = new EnvironmentKey("shop", "production");

  @BeforeEach
  void setUp() {
    MutableClock clock = MutableClock.atEpoch2026();
    store = new InMemoryStore();
    h = new EngineHarness(clock, store, new FakeRuntime(clock));
  }

  static String spec(int version) {
    return "project: shop\nservices:\n  web:\n    command: ./web\n    env: {VERSION: '"
        + version
        + "'}\n";
  }

  ApplyRequest request(int version) {
    return new ApplyRequest(
        "berth.yaml",
        spec(version),
        null,
        app.toString(),
        "production",
        new dev.berth.engine.app.Actor("tester", "test"),
        "",
        "",
        null);
  }

  @Test
  void aSecondApplyWaitsUntilTheFirstHasPublishedItsEvents() throws Exception {
    CountDownLatch firstPublishing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<String> applied = new CopyOnWriteArrayList<>();
    h.bus.subscribe(
        e -> {
          if (!e.type().equals("Applied")) {
            return;
          }
          if (firstPublishing.getCount() > 0) { // the first apply's listener is slow
            firstPublishing.countDown();
            await(release);
          }
          applied.add(e.message().substring(0, e.message().indexOf(':')));
        });
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<ApplyResult> first = pool.submit(() -> h.apply.apply(request(1)));
      await(firstPublishing);
      AtomicReference<Thread> second = new AtomicReference<>();
      Future<ApplyResult> next =
          pool.submit(
              () -> {
                second.set(Thread.currentThread());
                return h.apply.apply(request(2));
              });
      // until the second apply waits in the queue, or (without a queue) has finished
      spinUntil(
          () ->
              next.isDone()
                  || second.get() != null && second.get().getState() == Thread.State.WAITING);
      release.countDown();
      assertThat(first.get(30, TimeUnit.SECONDS).release()).isEqualTo("v1");
      assertThat(next.get(30, TimeUnit.SECONDS).release()).isEqualTo("v2");
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
    assertThat(applied).containsExactly("v1", "v2");
  }

  @Test
  void twentyConcurrentAppliesAllSucceedAndTheLastOneWins() throws Exception {
    int n = 20;
    List<String> applied = new CopyOnWriteArrayList<>();
    h.bus.subscribe(
        e -> {
          if (e.type().equals("Applied")) {
            applied.add(e.message().substring(0, e.message().indexOf(':')));
          }
        });
    CyclicBarrier together = new CyclicBarrier(n);
    ExecutorService pool = Executors.newFixedThreadPool(n);
    List<Future<ApplyResult>> results = new ArrayList<>();
    try {
      for (int i = 1; i <= n; i++) {
        int version = i;
        results.add(
            pool.submit(
                () -> {
                  together.await(30, TimeUnit.SECONDS);
                  return h.apply.apply(request(version));
                }));
      }
      List<Long> generations = new ArrayList<>();
      int last = 0;
      for (int i = 0; i < n; i++) {
        ApplyResult r = results.get(i).get(60, TimeUnit.SECONDS);
        assertThat(r.changed()).isTrue();
        generations.add(r.generation());
        if (r.generation() == n) {
          last = i + 1;
        }
      }
      assertThat(generations).containsExactlyInAnyOrderElementsOf(range(n));
      String stored = store.read(tx -> tx.environments().get(env)).orElseThrow().specYaml();
      assertThat(stored).isEqualTo(spec(last));
    } finally {
      pool.shutdownNow();
    }
    assertThat(applied).isEqualTo(range(n).stream().map(g -> "v" + g).toList());
    h.runUntilIdle();
    h.readyAll();
    assertThat(h.status("shop", "production").services().get(0).release()).isEqualTo("v" + n);
  }

  static List<Long> range(int n) {
    List<Long> out = new ArrayList<>();
    for (long i = 1; i <= n; i++) {
      out.add(i);
    }
    return out;
  }

  static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new AssertionError("hang guard: latch not opened in 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static void spinUntil(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("hang guard: condition not met in 30 s");
      }
      Thread.onSpinWait();
    }
  }
}
