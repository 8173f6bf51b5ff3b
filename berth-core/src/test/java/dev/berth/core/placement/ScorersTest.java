package dev.berth.core.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Worked numbers for every scorer. The kube-scheduler rows are computed by hand from the upstream
 * formulas (noderesources/least_allocated.go, most_allocated.go, balanced_allocation.go): integer
 * division per resource, then the integer mean of cpu and memory.
 */
class ScorersTest {

  private static double score(
      Scorer s,
      long allocCpu,
      long allocMem,
      long usedCpu,
      long usedMem,
      long reqCpu,
      long reqMem) {
    Node node =
        new Node(
            "n", allocCpu, allocMem, allocCpu, allocMem, java.util.Map.of(), java.util.List.of());
    return s.score(Replica.of("r", "svc", reqCpu, reqMem), NodeView.of(node, usedCpu, usedMem, 0));
  }

  @ParameterizedTest(name = "LeastAllocated {0}")
  @CsvSource({
    // case, allocCpu, allocMem, usedCpu, usedMem, reqCpu, reqMem, expected
    // cpu (4000-3000)*100/4000 = 25, memory (10000-5000)*100/10000 = 50, (25+50)/2 = 37
    "'uneven node, mean truncated', 4000, 10000, 0, 0, 3000, 5000, 37",
    // cpu 3000*100/6000 = 50, memory 50 -> 50
    "'bigger cpu', 6000, 10000, 0, 0, 3000, 5000, 50",
    // cpu (3000-2001)*100/3000 = 99900/3000 = 33, memory (7-3)*100/7 = 400/7 = 57, 90/2 = 45
    "'per-resource truncation', 3000, 7, 1000, 1, 1001, 2, 45",
    // cpu requested 5000 > 4000 -> 0; memory (10000-1000)*100/10000 = 90; 90/2 = 45
    "'over allocatable scores 0', 4000, 10000, 4000, 0, 1000, 1000, 45",
    "'exact fill', 1000, 1000, 500, 500, 500, 500, 0",
  })
  void leastAllocated(
      String name, long ac, long am, long uc, long um, long rc, long rm, long want) {
    assertThat(score(Scorers.LEAST_ALLOCATED, ac, am, uc, um, rc, rm)).isEqualTo((double) want);
  }

  @ParameterizedTest(name = "MostAllocated {0}")
  @CsvSource({
    // cpu 3000*100/4000 = 75, memory 5000*100/10000 = 50, 125/2 = 62
    "'uneven node, mean truncated', 4000, 10000, 0, 0, 3000, 5000, 62",
    // cpu 2001*100/3000 = 66, memory 3*100/7 = 42, 108/2 = 54
    "'per-resource truncation', 3000, 7, 1000, 1, 1001, 2, 54",
    // cpu capped at allocatable: 100, memory 1000*100/10000 = 10, 110/2 = 55
    "'requested capped at allocatable', 4000, 10000, 4000, 0, 1000, 1000, 55",
    "'exact fill', 1000, 1000, 500, 500, 500, 500, 100",
  })
  void mostAllocated(String name, long ac, long am, long uc, long um, long rc, long rm, long want) {
    assertThat(score(Scorers.MOST_ALLOCATED, ac, am, uc, um, rc, rm)).isEqualTo((double) want);
  }

  @ParameterizedTest(name = "BalancedAllocation {0}")
  @CsvSource({
    // fractions 0.75 and 0.5: std = 0.125, (1 - 0.125) * 100 = 87.5 -> 87
    "'std truncated', 4000, 10000, 0, 0, 3000, 5000, 87",
    "'equal fractions', 4000, 8000, 1000, 2000, 1000, 2000, 100",
    // fractions 1/3 and 2/3: std = 1/6, 83.33 -> 83
    "'thirds', 3000, 3000, 0, 0, 1000, 2000, 83",
    // cpu fraction 5000/4000 capped at 1, memory 0.1: std 0.45 -> 55
    "'fraction capped at 1', 4000, 10000, 4000, 0, 1000, 1000, 55",
    // fractions 1.0 and 0.0 can't happen with positive requests; 1 and 0.01 -> std 0.495 -> 50
    "'one full one empty', 1000, 10000, 0, 0, 1000, 100, 50",
  })
  void balancedAllocation(
      String name, long ac, long am, long uc, long um, long rc, long rm, long want) {
    assertThat(score(Scorers.BALANCED_ALLOCATION, ac, am, uc, um, rc, rm)).isEqualTo((double) want);
  }

  @ParameterizedTest(name = "Binpack/Spread {0}")
  @CsvSource({
    // free 0 and 0: 10^0 + 10^0 = 2 -> (20 - 2) / 18 * 100 = 100; spread (2 - 2) / 18 * 100 = 0
    "'exact fill', 1000, 1000, 500, 500, 500, 500, 100.0, 0.0",
    // free 0.5 and 0.5: 2 * sqrt(10) = 6.32456 -> binpack 75.9747, spread 24.0253
    "'half full', 1000, 1000, 0, 0, 500, 500, 75.9747, 24.0253",
    // free 0.9 and 0: 10^0.9 + 1 = 8.94328 -> binpack 61.4262
    "'one resource full', 1000, 1000, 0, 0, 100, 1000, 61.4262, 38.5738",
  })
  void binpackAndSpread(
      String name, long ac, long am, long uc, long um, long rc, long rm, double bin, double spr) {
    assertThat(score(Scorers.BINPACK, ac, am, uc, um, rc, rm)).isCloseTo(bin, within(1e-3));
    assertThat(score(Scorers.SPREAD, ac, am, uc, um, rc, rm)).isCloseTo(spr, within(1e-3));
  }

  @ParameterizedTest(name = "PreferredSpread with {0} replicas of the service")
  @CsvSource({"0, 100", "1, 50", "2, 33", "3, 25", "99, 1"})
  void preferredSpread(int count, long want) {
    Node node = Node.of("n", 1000, 1000);
    Replica r = Replica.of("r", "svc", 1, 1).withSpread(Spread.PREFERRED);
    assertThat(Scorers.PREFERRED_SPREAD.score(r, NodeView.of(node, 0, 0, count)))
        .isEqualTo((double) want);
  }
}
