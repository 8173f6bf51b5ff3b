package dev.berth.testkit.store;

import static dev.berth.testkit.store.StoreSamples.at;
import static dev.berth.testkit.store.StoreSamples.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.cron.CronRun;
import dev.berth.core.cron.CronRun.State;
import dev.berth.engine.store.CronState;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.ServiceKey;
import dev.berth.engine.store.StoreTx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link dev.berth.engine.store.CronTable}: every field of a run, the order of the list, the
 * scheduler state, the service cascade, and the unique run id that makes "exactly once" hold even
 * for concurrent writers.
 */
public interface CronTableContract extends StoreFixture {

  EnvironmentKey CRON_ENV = new EnvironmentKey("lms", "production");
  ServiceKey REPORT = CRON_ENV.service("report");
  ServiceKey DIGEST = CRON_ENV.service("digest");

  private Optional<CronRun> cronRun(ServiceKey key, String id) {
    return store().read((StoreTx tx) -> tx.cron().get(key, id));
  }

  private List<CronRun> cronRuns(ServiceKey key) {
    return store().read((StoreTx tx) -> tx.cron().list(key));
  }

  private Optional<CronState> cronState(ServiceKey key) {
    return store().read((StoreTx tx) -> tx.cron().state(key));
  }

  private boolean insertRun(ServiceKey key, CronRun run) {
    return store().write((StoreTx tx) -> tx.cron().insert(key, run));
  }

  private void seedCronServices() {
    seedEnvironments(CRON_ENV);
    inWrite(
        tx -> {
          tx.services().put(service(REPORT));
          tx.services().put(service(DIGEST));
        });
  }

  private static CronRun full(Instant scheduled) {
    return new CronRun(
        dev.berth.core.cron.RunIds.scheduled("report", scheduled),
        "report",
        scheduled,
        false,
        State.RUNNING,
        2,
        at(5_000),
        null,
        7,
        null,
        State.TIMED_OUT);
  }

  @Test
  default void aRunKeepsEveryFieldAndUpdatesInPlace() {
    seedCronServices();
    CronRun run = full(at(60_000));
    assertThat(insertRun(REPORT, run)).isTrue();
    assertThat(cronRun(REPORT, run.id())).contains(run);

    CronRun done =
        new CronRun(
            run.id(),
            "report",
            run.scheduledAt(),
            false,
            State.BACKOFF,
            2,
            at(5_000),
            null,
            1,
            at(9_999),
            null);
    inWrite(tx -> tx.cron().update(REPORT, done));
    assertThat(cronRun(REPORT, run.id())).contains(done);
    CronRun manual = CronRun.pending("report", at(61_234), true);
    inWrite(tx -> tx.cron().insert(REPORT, manual));
    assertThat(cronRun(REPORT, manual.id())).contains(manual);
  }

  @Test
  default void runsListNewestFirstPerServiceAndDelete() {
    seedCronServices();
    List<CronRun> runs = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      runs.add(CronRun.notRun("report", at(i * 60_000L), State.MISSED, at(i * 60_000L + 1)));
    }
    inWrite(
        tx -> {
          tx.cron().insert(REPORT, runs.get(2));
          tx.cron().insert(REPORT, runs.get(0));
          tx.cron().insert(REPORT, runs.get(3));
          tx.cron().insert(REPORT, runs.get(1));
          tx.cron().insert(DIGEST, CronRun.pending("digest", at(60_000), false));
        });

    assertThat(cronRuns(REPORT))
        .containsExactly(runs.get(3), runs.get(2), runs.get(1), runs.get(0));
    inWrite(tx -> tx.cron().delete(REPORT, runs.get(2).id()));
    inWrite(tx -> tx.cron().delete(REPORT, "nothing-like-it")); // no error
    assertThat(cronRuns(REPORT)).containsExactly(runs.get(3), runs.get(1), runs.get(0));
    assertThat(cronRuns(DIGEST)).hasSize(1);
  }

  @Test
  default void aRunIdIsInsertedOnceAndASecondInsertChangesNothing() {
    seedCronServices();
    CronRun first = CronRun.pending("report", at(120_000), false);
    CronRun again = first.started(at(120_001));

    assertThat(insertRun(REPORT, first)).isTrue();
    assertThat(insertRun(REPORT, again)).isFalse();
    assertThat(cronRun(REPORT, first.id())).contains(first);
    assertThatThrownBy(
            () -> inWrite(tx -> tx.cron().update(REPORT, CronRun.pending("report", at(1), false))))
        .isInstanceOf(RuntimeException.class);
  }

  @Test
  default void concurrentWritersInsertTheSameRunExactlyOnce() throws Exception {
    seedCronServices();
    CronRun run = CronRun.pending("report", at(180_000), false);
    int writers = 6;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  return store()
                      .write(
                          (StoreTx tx) -> {
                            boolean mine = tx.cron().insert(REPORT, run);
                            if (mine) {
                              tx.cron().putState(new CronState(REPORT, run.scheduledAt(), false));
                            }
                            return mine;
                          });
                }));
      }
      go.countDown();
      int inserted = 0;
      for (Future<Boolean> f : results) {
        inserted += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(inserted).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(cronRuns(REPORT)).containsExactly(run);
  }

  @Test
  default void stateIsPutReplacedAndRefusedWithoutAService() {
    seedCronServices();
    assertThat(cronState(REPORT)).isEmpty();
    inWrite(tx -> tx.cron().putState(new CronState(REPORT, at(1_000), false)));
    inWrite(tx -> tx.cron().putState(new CronState(REPORT, at(2_000), true)));
    assertThat(cronState(REPORT)).contains(new CronState(REPORT, at(2_000), true));
    assertThat(cronState(DIGEST)).isEmpty();
    ServiceKey ghost = CRON_ENV.service("ghost");
    assertThatThrownBy(() -> inWrite(tx -> tx.cron().putState(new CronState(ghost, at(1), false))))
        .isInstanceOf(RuntimeException.class);
  }

  @Test
  default void runsAndStateGoWithTheirServiceAndEnvironment() {
    seedCronServices();
    inWrite(
        tx -> {
          tx.cron().insert(REPORT, CronRun.pending("report", at(60_000), false));
          tx.cron().putState(new CronState(REPORT, at(60_000), false));
          tx.cron().insert(DIGEST, CronRun.pending("digest", at(60_000), false));
          tx.cron().putState(new CronState(DIGEST, at(60_000), false));
        });

    inWrite(tx -> tx.services().delete(REPORT));
    assertThat(cronRuns(REPORT)).isEmpty();
    assertThat(cronState(REPORT)).isEmpty();
    assertThat(cronRuns(DIGEST)).hasSize(1);
    inWrite(tx -> tx.environments().delete(CRON_ENV));
    assertThat(cronRuns(DIGEST)).isEmpty();
    assertThat(cronState(DIGEST)).isEmpty();
  }
}
