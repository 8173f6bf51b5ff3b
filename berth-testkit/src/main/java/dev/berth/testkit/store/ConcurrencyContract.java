package dev.berth.testkit.store;

import static dev.berth.testkit.store.StoreSamples.at;
import static dev.berth.testkit.store.StoreSamples.environment;
import static dev.berth.testkit.store.StoreSamples.pendingReplica;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.EnvironmentRecord;
import dev.berth.engine.store.Event;
import dev.berth.engine.store.EventQuery;
import dev.berth.engine.store.ServiceKey;
import dev.berth.engine.store.StoreTx;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many threads at once: no event is lost, ids are unique and increase in commit order, no update is
 * lost to a concurrent read-modify-write, and a read never sees half a transaction.
 */
public interface ConcurrencyContract extends StoreFixture {
  int THREADS = 4;
  int WRITES_PER_THREAD = 25;

  @Test
  @Timeout(120)
  default void concurrentWritersLoseNoEventAndIdsIncrease() {
    List<List<Long>> idsPerThread = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      idsPerThread.add(new ArrayList<>());
    }
    runConcurrently(
        THREADS,
        t -> {
          for (int i = 0; i < WRITES_PER_THREAD; i++) {
            Event e = new Event(0, at(i), "lms", "production", "w" + t, "", "Test", t + "/" + i);
            idsPerThread.get(t).add(store().write((StoreTx tx) -> tx.events().append(e)).id());
          }
        });

    Set<Long> unique = new HashSet<>();
    for (List<Long> ids : idsPerThread) {
      assertThat(ids).hasSize(WRITES_PER_THREAD).isSorted().doesNotHaveDuplicates();
      unique.addAll(ids);
    }
    assertThat(unique).hasSize(THREADS * WRITES_PER_THREAD);
    List<Event> all =
        store().read((StoreTx tx) -> tx.events().list(new EventQuery(null, null, null, 0, 0)));
    assertThat(all).extracting(Event::id).isSorted().doesNotHaveDuplicates();
    assertThat(all).extracting(Event::id).containsExactlyInAnyOrderElementsOf(unique);
    for (int t = 0; t < THREADS; t++) {
      String service = "w" + t;
      List<String> mine =
          all.stream().filter(e -> e.service().equals(service)).map(Event::message).toList();
      assertThat(mine)
          .hasSize(WRITES_PER_THREAD)
          .startsWith(t + "/0")
          .endsWith(t + "/" + (WRITES_PER_THREAD - 1));
    }
  }

  @Test
  @Timeout(120)
  default void concurrentReadModifyWritesLoseNoUpdate() {
    EnvironmentKey key = new EnvironmentKey("lms", "production");
    inWrite(tx -> tx.environments().put(environment(key)));
    int perThread = 10;

    runConcurrently(
        THREADS,
        t -> {
          for (int i = 0; i < perThread; i++) {
            inWrite(
                tx -> {
                  EnvironmentRecord r = tx.environments().get(key).orElseThrow();
                  tx.environments()
                      .put(
                          new EnvironmentRecord(
                              r.key(),
                              r.target(),
                              r.specFile(),
                              r.specYaml(),
                              r.procfile(),
                              r.sourceDir(),
                              r.generation() + 1,
                              r.appliedAt()));
                });
          }
        });

    long generation =
        store().read((StoreTx tx) -> tx.environments().get(key)).orElseThrow().generation();
    assertThat(generation).isEqualTo(1 + THREADS * perThread);
  }

  @Test
  @Timeout(120)
  default void readsNeverSeeHalfATransaction() {
    ServiceKey web = new ServiceKey("lms", "production", "web");
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger reads = new AtomicInteger();
    ConcurrentLinkedQueue<String> torn = new ConcurrentLinkedQueue<>();
    int transactions = 40;

    runConcurrently(
        3,
        t -> {
          if (t == 0) {
            try {
              for (int i = 0; i < transactions; i++) {
                String id = "r" + i;
                inWrite(
                    tx -> {
                      tx.replicas().put(pendingReplica(id, web, at(1)));
                      tx.events().append(Event.of(at(1), web, id, "Created", id));
                    });
              }
            } finally {
              writing.set(false);
            }
            return;
          }
          do {
            store()
                .read(
                    (StoreTx tx) -> {
                      int replicas = tx.replicas().all().size();
                      int events = tx.events().list(new EventQuery(null, null, null, 0, 0)).size();
                      if (replicas != events) {
                        torn.add(replicas + " replicas but " + events + " events");
                      }
                      return null;
                    });
            reads.incrementAndGet();
          } while (writing.get());
        });

    assertThat(torn).isEmpty();
    assertThat(reads.get()).isGreaterThanOrEqualTo(2);
    assertThat(store().read((StoreTx tx) -> tx.replicas().all())).hasSize(transactions);
  }

  /** Runs {@code body(t)} for t in [0, threads) on separate threads, all released at once. */
  private static void runConcurrently(int threads, IntConsumer body) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int index = t;
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  body.accept(index);
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(100, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      throw new AssertionError("a concurrent worker failed", e);
    } finally {
      pool.shutdownNow();
    }
  }
}
