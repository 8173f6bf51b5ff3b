package dev.berth.core.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.decide.Admission.Node;
import dev.berth.core.decide.Admission.Outcome;
import dev.berth.core.decide.Admission.Replica;
import dev.berth.core.decide.Admission.Usage;
import dev.berth.core.decide.Admission.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdmissionTest {
  static final long GI = 1024L * 1024 * 1024;
  static final long MI = 1024L * 1024;
  static final Node LOCAL = new Node("local", 2000, 4 * GI);

  private static Verdict one(Usage usage, Replica pending) {
    return Admission.plan(LOCAL, usage, List.of(pending), List.of(), false).get(0);
  }

  @Test
  void fitsWhenBothRequestsFit() {
    Verdict v = one(new Usage(1500, 3 * GI, 0, 0), new Replica("a", 500, GI));
    assertThat(v.outcome()).isEqualTo(Outcome.ADMIT);
    assertThat(v.reason()).isEmpty();
  }

  @Test
  void namesWhatIsShortWithNumbers() {
    Verdict v = one(new Usage(1800, 3 * GI + 768 * MI, 0, 0), new Replica("a", 500, 512 * MI));
    assertThat(v.outcome()).isEqualTo(Outcome.INSUFFICIENT);
    assertThat(v.reason()).isEqualTo("Insufficient cpu and memory");
    assertThat(v.message())
        .contains("requests cpu 500m but 200m of 2 allocatable is free")
        .contains("requests memory 512Mi but 256Mi of 4Gi allocatable is free");
  }

  @Test
  void overcommittedNodeReportsZeroFree() {
    Verdict v =
        Admission.plan(
                new Node("local", 1000, GI),
                new Usage(1200, GI, 0, 0),
                List.of(new Replica("a", 100, MI)),
                List.of(),
                false)
            .get(0);
    assertThat(v.reason()).isEqualTo("Insufficient cpu and memory");
    assertThat(v.message()).contains("but 0 of 1 allocatable");
  }

  @Test
  void aReplicaThatFitsOnceStoppingReplicasAreGoneWaitsWithoutStoppingMore() {
    Verdict v =
        Admission.plan(
                LOCAL,
                new Usage(1800, GI, 1000, 0),
                List.of(new Replica("new", 1000, MI)),
                List.of(new Replica("old", 1000, MI)),
                false)
            .get(0);
    assertThat(v.outcome()).isEqualTo(Outcome.WAIT_FOR_STOPS);
    assertThat(v.reason()).isEqualTo(Admission.WAITING_FOR_STOPS);
    assertThat(v.stop()).isEmpty();
  }

  @Test
  void stopsTheFewestOutdatedReplicasThatMakeRoomInTheOrderGiven() {
    Verdict v =
        Admission.plan(
                LOCAL,
                new Usage(2000, 2 * GI, 0, 0),
                List.of(new Replica("new", 500, GI)),
                List.of(
                    new Replica("old-c", 300, GI),
                    new Replica("old-b", 300, GI),
                    new Replica("old-a", 300, GI)),
                false)
            .get(0);
    assertThat(v.outcome()).isEqualTo(Outcome.WAIT_FOR_STOPS);
    assertThat(v.stop()).containsExactly("old-c", "old-b");
    assertThat(v.message()).contains("stopping 2 replicas of the previous version");
  }

  @Test
  void oneReplacementAtATime() {
    List<Verdict> plan =
        Admission.plan(
            LOCAL,
            new Usage(1800, 2 * GI, 0, 0),
            List.of(new Replica("new-1", 900, GI), new Replica("new-2", 900, GI)),
            List.of(new Replica("old-b", 900, GI), new Replica("old-a", 900, GI)),
            false);
    assertThat(plan.get(0).outcome()).isEqualTo(Outcome.WAIT_FOR_STOPS);
    assertThat(plan.get(0).stop()).containsExactly("old-b");
    assertThat(plan.get(0).message()).contains("stopping 1 replica of the previous version");
    assertThat(plan.get(1).outcome()).isEqualTo(Outcome.WAIT_FOR_STOPS);
    assertThat(plan.get(1).stop()).isEmpty();
    assertThat(plan.get(1).message()).contains("will be stopped once");
  }

  @Test
  void nothingIsStoppedWhileAReplacementIsInProgress() {
    List<Verdict> plan =
        Admission.plan(
            LOCAL,
            new Usage(1800, 2 * GI, 0, 0),
            List.of(new Replica("new-2", 900, GI)),
            List.of(new Replica("old-a", 900, GI)),
            true);
    assertThat(plan.get(0).outcome()).isEqualTo(Outcome.WAIT_FOR_STOPS);
    assertThat(plan.get(0).stop()).isEmpty();
  }

  @Test
  void nothingIsStoppedWhenEvenStoppingEveryOldReplicaWouldNotMakeRoom() {
    Verdict v =
        Admission.plan(
                LOCAL,
                new Usage(1900, GI, 0, 0),
                List.of(new Replica("new", 1500, MI)),
                List.of(new Replica("old", 300, MI)),
                false)
            .get(0);
    assertThat(v.outcome()).isEqualTo(Outcome.INSUFFICIENT);
    assertThat(v.reason()).isEqualTo("Insufficient cpu");
    assertThat(v.stop()).isEmpty();
  }
}
