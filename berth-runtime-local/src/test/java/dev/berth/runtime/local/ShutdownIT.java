package dev.berth.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.runtime.Incarnation;
import dev.berth.engine.runtime.Leftover;
import dev.berth.engine.runtime.ReplicaSpec;
import dev.berth.engine.runtime.ReplicaState;
import dev.berth.engine.runtime.ReplicaStatus;
import dev.berth.runtime.local.internal.proc.LeftoverScan;
import dev.berth.runtime.local.internal.supervise.Installation;
import dev.berth.runtime.local.internal.supervise.ReplicaEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shutdown of many replicas, as {@code berth up} does on Ctrl-C or SIGTERM: every replica is found
 * gone in {@code /proc} (by its {@code BERTH_REPLICA} marker) once {@code stopAll} returns, however
 * many there are; with {@code --keep-running} ({@code close} alone) every one keeps running and the
 * next runtime adopts them all.
 *
 * <p>Why 400: stopping replicas one by one on the supervisor thread (a {@code kill} process per
 * replica, a {@code /proc} scan per exit) left about 180 of 400 running when {@code stopAll} gave
 * up after grace + 10 s on a 2-core machine, while 200 still squeezed through in time there.
 */
class ShutdownIT {
  private static final int REPLICAS = 400;
  private static final Duration GRACE = Duration.ofSeconds(2);

  @TempDir Path tmp;
  private final List<RuntimeFixture> opened = new ArrayList<>();

  @AfterEach
  void killWhatIsLeft() {
    for (RuntimeFixture f : opened) {
      try {
        f.close();
      } catch (RuntimeException e) {
        // best effort: the assertions already told what was wrong
      }
    }
    for (Leftover l : running()) {
      ProcessHandle.of(l.incarnation().pid()).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void stopAllEndsEveryReplicaIncludingThoseThatIgnoreSigterm() {
    RuntimeFixture f = open();
    List<ReplicaSpec> specs = new ArrayList<>();
    for (int i = 0; i < REPLICAS; i++) {
      // every other replica ignores SIGTERM (so does the sleep it starts): only SIGKILL ends it
      String cmd = i % 2 == 0 ? "exec sleep 1000000" : "trap '' TERM; sleep 1000000; true";
      specs.add(f.worker("w-" + i, cmd));
    }
    startAll(f, specs);
    assertThat(running()).hasSize(REPLICAS);

    long t0 = System.nanoTime();
    f.runtime.stopAll(GRACE);
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    List<Leftover> left = running();
    f.runtime.close();

    assertThat(left).as("replicas still running after stopAll returned").isEmpty();
    // a wide hang guard, not a performance assertion: one grace per replica would be a serial stop
    assertThat(took).isLessThan(GRACE.multipliedBy(REPLICAS / 4));
  }

  @Test
  void closeAloneLeavesEveryReplicaRunningForTheNextRuntimeToAdopt() {
    int n = REPLICAS / 2;
    RuntimeFixture first = open();
    List<ReplicaSpec> specs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      specs.add(first.worker("k-" + i, "exec sleep 1000000"));
    }
    Map<String, Incarnation> before = startAll(first, specs);
    first.runtime.close(); // --keep-running
    opened.remove(first);
    assertThat(running()).hasSize(n);

    RuntimeFixture second = open();
    for (ReplicaSpec s : specs) {
      second.runtime.ensure(s.withLastKnown(before.get(s.id())));
    }
    Map<String, Incarnation> adopted = awaitRunning(second, n);
    for (ReplicaSpec s : specs) {
      assertThat(adopted.get(s.id()).pid()).isEqualTo(before.get(s.id()).pid());
    }
    assertThat(second.runtime.list()).allMatch(st -> st.restarts() == 0);

    second.runtime.stopAll(GRACE);
    assertThat(running()).isEmpty();
  }

  private RuntimeFixture open() {
    RuntimeFixture f = new RuntimeFixture(tmp);
    opened.add(f);
    return f;
  }

  private Map<String, Incarnation> startAll(RuntimeFixture f, List<ReplicaSpec> specs) {
    for (ReplicaSpec s : specs) {
      f.runtime.ensure(s);
    }
    return awaitRunning(f, specs.size());
  }

  private static Map<String, Incarnation> awaitRunning(RuntimeFixture f, int n) {
    List<ReplicaStatus> seen = new CopyOnWriteArrayList<>();
    Awaitility.await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              seen.clear();
              f.runtime.list().stream()
                  .filter(s -> s.state() == ReplicaState.RUNNING && s.incarnation() != null)
                  .forEach(seen::add);
              return seen.size() == n;
            });
    return seen.stream()
        .collect(Collectors.toMap(ReplicaStatus::id, ReplicaStatus::incarnation, (a, b) -> a));
  }

  /** Replica processes of this test's data directory found in /proc, one per replica. */
  private List<Leftover> running() {
    String marker = Installation.of(tmp.resolve("data")).marker();
    return LeftoverScan.system()
        .find(ReplicaEnvironment.REPLICA, ReplicaEnvironment.CONTROL_PLANE, marker);
  }
}
