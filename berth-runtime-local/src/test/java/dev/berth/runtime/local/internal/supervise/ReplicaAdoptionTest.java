package dev.berth.runtime.local.internal.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.runtime.Incarnation;
import dev.berth.engine.runtime.ReplicaState;
import dev.berth.runtime.local.internal.proc.Signaller.Signal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReplicaAdoptionTest {
  private final Harness h = new Harness();

  @Test
  void adoptsTheProcessItWasToldAboutInsteadOfStartingOne() {
    Fakes.FakeProcess alive = new Fakes.FakeProcess(4242);
    h.launcher.adoptable.put(4242L, alive);
    var spec =
        Harness.web("web-a1", Harness.http(true))
            .withLastKnown(new Incarnation(4242, alive.startTicks(), 31000));

    h.start(spec);
    assertThat(h.launcher.launched).isEmpty();
    assertThat(h.last().pid()).isEqualTo(4242);
    assertThat(h.last().port()).isEqualTo(31000);
    assertThat(h.last().restarts()).isZero();
    assertThat(h.last().message()).contains("adopted");

    h.scheduler.runDue();
    assertThat(h.prober.requests.get(0).port()).isEqualTo(31000);
    h.prober.answer(true);
    h.scheduler.runDue();
    assertThat(h.last().ready()).isTrue();

    alive.exits(-1);
    h.scheduler.runDue();
    var backoff = h.statuses.stream().filter(s -> s.state() == ReplicaState.BACKOFF).findFirst();
    assertThat(backoff).isPresent();
    assertThat(backoff.get().lastExit().code()).isEqualTo(-1);
    assertThat(h.launcher.launched).hasSize(1); // restarted as a new process
  }

  @Test
  void aReusedPidIsNotAdoptedAndANewProcessStarts() {
    Fakes.FakeProcess other = new Fakes.FakeProcess(4242);
    h.launcher.adoptable.put(4242L, other);
    var spec = Harness.worker("worker-a1").withLastKnown(new Incarnation(4242, 999, 0));

    h.start(spec);
    assertThat(h.launcher.launched).hasSize(1);
    assertThat(h.last().pid()).isEqualTo(1000);
  }

  @Test
  void stoppingALeftoverSignalsItsGroupAndTerminates() {
    Fakes.FakeProcess left = new Fakes.FakeProcess(4242);
    h.launcher.adoptable.put(4242L, left);
    ReplicaSupervisor s = ReplicaSupervisor.leftover("web-old", h.ports());

    h.scheduler.execute(
        () -> s.stopLeftover(new Incarnation(4242, left.startTicks(), 0), Duration.ofSeconds(2)));
    h.scheduler.runDue();
    assertThat(h.last().state()).isEqualTo(ReplicaState.TERMINATING);
    assertThat(h.signaller.sent).containsExactly(new Fakes.Sent(4242, Signal.TERM));
    // what it prints while it shuts down is drained into its log, from the pipe it writes to
    assertThat(h.logs.watched).containsExactly("web-old");
    assertThat(h.logs.outputs).containsExactly(java.nio.file.Path.of("/proc/4242/fd/1"));

    left.exits(-1);
    h.scheduler.runDue();
    assertThat(h.last().state()).isEqualTo(ReplicaState.TERMINATED);
    assertThat(h.logs.watched).as("its last output drained, the pump released").isEmpty();
    assertThat(h.launcher.launched).isEmpty();
  }

  @Test
  void anAdoptedProcessIsDrainedFromThePipeItWritesTo() {
    Fakes.FakeProcess alive = new Fakes.FakeProcess(4242);
    h.launcher.adoptable.put(4242L, alive);
    h.start(
        Harness.worker("worker-a1").withLastKnown(new Incarnation(4242, alive.startTicks(), 0)));

    assertThat(h.logs.watched).containsExactly("worker-a1");
    assertThat(h.logs.outputs).containsExactly(java.nio.file.Path.of("/proc/4242/fd/1"));
    assertThat(h.last().message()).doesNotContain("not logged");
  }

  @Test
  void anAdoptedProcessWhoseOutputCannotBeDrainedSaysSoAndWhatToDo() {
    Fakes.FakeProcess alive = new Fakes.FakeProcess(4242);
    h.launcher.adoptable.put(4242L, alive);
    h.logs.failAdopted = new java.io.IOException("Permission denied");
    h.start(
        Harness.worker("worker-a1").withLastKnown(new Incarnation(4242, alive.startTicks(), 0)));

    assertThat(h.last().pid()).isEqualTo(4242); // it runs regardless
    assertThat(h.last().message())
        .contains("adopted pid 4242")
        .contains("its output is not logged (Permission denied)")
        .contains("blocks once 64 KiB")
        .contains("berth stop, berth start");
  }

  @Test
  void stoppingALeftoverWhosePidWasReusedNeverSignalsIt() {
    Fakes.FakeProcess stranger = new Fakes.FakeProcess(4242);
    h.launcher.adoptable.put(4242L, stranger);
    ReplicaSupervisor s = ReplicaSupervisor.leftover("web-old", h.ports());

    h.scheduler.execute(() -> s.stopLeftover(new Incarnation(4242, 1, 0), Duration.ofSeconds(2)));
    h.scheduler.advance(Duration.ofSeconds(5));
    assertThat(h.last().state()).isEqualTo(ReplicaState.TERMINATED);
    assertThat(h.signaller.sent).isEmpty();
  }
}
