package dev.berth.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.berth.core.model.Resources;
import dev.berth.engine.controller.RuntimeCache;
import dev.berth.engine.controller.StartupRecovery;
import dev.berth.engine.runtime.Incarnation;
import dev.berth.engine.runtime.Leftover;
import dev.berth.engine.runtime.ReplicaState;
import dev.berth.engine.runtime.ReplicaStatus;
import dev.berth.engine.store.ReplicaRecord;
import dev.berth.engine.store.ServiceKey;
import dev.berth.runtime.local.internal.proc.ProcFs;
import dev.berth.testkit.store.InMemoryStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A control plane dies (its runtime closes without stopping replicas, as after kill -9); the next
 * one of the same data directory finds its replica processes in /proc and, through {@link
 * StartupRecovery}, stops those no record claims, keeps those a record claims, and never touches
 * the replicas of another data directory. Real processes throughout.
 */
class LeftoverIT {
  @TempDir Path tmp;

  @Test
  void theNextControlPlaneStopsUnclaimedLeftoversKeepsClaimedOnesAndIgnoresOtherDataDirs() {
    RuntimeFixture dead = new RuntimeFixture(tmp.resolve("a"));
    RuntimeFixture other = new RuntimeFixture(tmp.resolve("b"));
    RuntimeFixture next = null;
    List<Incarnation> started = new ArrayList<>();
    try {
      dead.runtime.ensure(dead.worker("worker-orphan", "exec sleep 300"));
      dead.runtime.ensure(dead.worker("worker-kept", "exec sleep 300"));
      // the same replica id in another data directory: another installation's, never touched
      other.runtime.ensure(other.worker("worker-orphan", "exec sleep 300"));
      Incarnation orphan = running(dead, "worker-orphan");
      Incarnation kept = running(dead, "worker-kept");
      Incarnation foreign = running(other, "worker-orphan");
      started.addAll(List.of(orphan, kept, foreign));
      dead.runtime.close(); // the control plane dies; its replicas keep running

      next = new RuntimeFixture(tmp.resolve("a"));
      assertThat(next.runtime.leftovers())
          .containsExactlyInAnyOrder(
              new Leftover("worker-orphan", orphan), new Leftover("worker-kept", kept));

      InMemoryStore store = new InMemoryStore();
      store.write(
          tx -> {
            tx.replicas().put(record("worker-kept", kept));
            return null;
          });
      RuntimeCache cache = new RuntimeCache(k -> {});
      cache.attach(next.runtime);
      StartupRecovery.run(
          store, next.runtime, cache, k -> {}, Duration.ofSeconds(2), Clock.systemUTC());

      ReplicaStatus stopped =
          next.await(
              "worker-orphan", s -> s.state() == ReplicaState.TERMINATED, Duration.ofSeconds(10));
      assertThat(stopped.state()).isEqualTo(ReplicaState.TERMINATED);
      await().atMost(Duration.ofSeconds(5)).until(() -> !alive(orphan));
      assertThat(alive(kept)).as("claimed by a record: adopted by the reconcile").isTrue();
      assertThat(alive(foreign)).as("another data directory's replica").isTrue();
      assertThat(RuntimeFixture.find(other.runtime, "worker-orphan").orElseThrow().state())
          .isEqualTo(ReplicaState.RUNNING);

      // what the reconcile then does with the claimed one: adopt it, no second process
      next.runtime.ensure(next.worker("worker-kept", "exec sleep 300").withLastKnown(kept));
      ReplicaStatus adopted =
          next.await("worker-kept", s -> s.state() == ReplicaState.RUNNING, Duration.ofSeconds(5));
      assertThat(adopted.incarnation()).isEqualTo(kept);
      assertThat(next.runtime.leftovers()).isEmpty();
    } finally {
      if (next != null) {
        next.close();
      }
      other.close();
      for (Incarnation inc : started) { // never leave a sleep behind, whatever failed
        if (alive(inc)) {
          ProcessHandle.of(inc.pid()).ifPresent(ProcessHandle::destroyForcibly);
        }
      }
    }
  }

  /**
   * A leftover that prints far more than its pipe holds when it gets SIGTERM: stopping it drains
   * its output into its log, so it is not blocked on a full pipe, exits within its grace period on
   * its own (its last line is printed after all the others) and every line is logged.
   */
  @Test
  void aLeftoverThatPrintsALotOnSigtermExitsWithinItsGraceWithItsLinesLogged() {
    RuntimeFixture dead = new RuntimeFixture(tmp.resolve("a"));
    RuntimeFixture next = null;
    Incarnation talker = null;
    String pad = "y".repeat(90);
    String cmd =
        "trap 'i=0; while [ $i -lt 3000 ]; do echo \"bye $i "
            + pad
            + "\"; i=$((i+1)); done; echo goodbye; exit 0' TERM; echo ready;"
            + " while :; do sleep 0.05; done";
    try {
      dead.runtime.ensure(dead.worker("worker-talker", cmd));
      talker = running(dead, "worker-talker");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> dead.logText("worker-talker").contains("ready"));
      dead.runtime.close(); // the control plane dies; nobody drains the pipe any more

      next = new RuntimeFixture(tmp.resolve("a"));
      Duration grace = Duration.ofSeconds(20);
      next.runtime.stop("worker-talker", talker, grace);
      // a hang guard wider than the grace: without draining, SIGKILL ends it at the grace
      ReplicaStatus stopped =
          next.await(
              "worker-talker", s -> s.state() == ReplicaState.TERMINATED, Duration.ofSeconds(40));
      assertThat(stopped.state()).isEqualTo(ReplicaState.TERMINATED);
      List<String> lines = next.logText("worker-talker");
      assertThat(lines)
          .as("it exited by itself, after printing everything: not killed at the grace")
          .contains("goodbye");
      assertThat(lines).contains("bye 0 " + pad, "bye 2999 " + pad);
      assertThat(lines.stream().filter(l -> l.startsWith("bye "))).hasSize(3000);
    } finally {
      if (next != null) {
        next.close();
      }
      if (talker != null && alive(talker)) {
        ProcessHandle.of(talker.pid()).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  private static Incarnation running(RuntimeFixture fx, String id) {
    return fx.await(id, s -> s.state() == ReplicaState.RUNNING, Duration.ofSeconds(5))
        .incarnation();
  }

  private static boolean alive(Incarnation inc) {
    return ProcFs.system().isSameProcess(inc.pid(), inc.startTicks());
  }

  private static ReplicaRecord record(String id, Incarnation inc) {
    Instant now = Instant.now();
    return ReplicaRecord.pending(
            id, new ServiceKey("shop", "test", "worker"), "h", Resources.DEFAULT, now)
        .withNode("local", now)
        .withIncarnation(inc, now);
  }
}
