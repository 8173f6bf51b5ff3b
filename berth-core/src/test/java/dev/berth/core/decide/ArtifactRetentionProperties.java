package dev.berth.core.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.decide.ArtifactRetention.Use;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ArtifactRetentionProperties {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Provide
  Arbitrary<List<Use>> uses() {
    Arbitrary<String> digest = Arbitraries.integers().between(0, 30).map(i -> "sha256:d" + i);
    Arbitrary<Instant> when = Arbitraries.integers().between(0, 1000).map(T0::plusSeconds);
    return Combinators.combine(digest, when).as(Use::new).list().ofMaxSize(60);
  }

  @Provide
  Arbitrary<Set<String>> protectedDigests() {
    return Arbitraries.integers().between(0, 35).map(i -> "sha256:d" + i).set().ofMaxSize(3);
  }

  @Property
  void neverDeletesAProtectedOrKeptDigestAndOnlyKnownOnes(
      @ForAll("uses") List<Use> a,
      @ForAll("uses") List<Use> b,
      @ForAll("protectedDigests") Set<String> protect,
      @ForAll @IntRange(min = 0, max = 25) int keep) {
    ArtifactRetention r = new ArtifactRetention(keep);
    Set<String> deleted = r.toDelete(Map.of("production", a, "staging", b), protect);

    assertThat(deleted).noneMatch(protect::contains);
    assertThat(deleted).noneMatch(r.kept(a, protect)::contains);
    assertThat(deleted).noneMatch(r.kept(b, protect)::contains);
    Set<String> known = new HashSet<>();
    a.forEach(u -> known.add(u.digest()));
    b.forEach(u -> known.add(u.digest()));
    assertThat(known).containsAll(deleted);
  }

  @Property
  void keepsTheNewestAndAtMostKeepUnprotected(
      @ForAll("uses") List<Use> uses,
      @ForAll("protectedDigests") Set<String> protect,
      @ForAll @IntRange(min = 0, max = 25) int keep) {
    Set<String> kept = new ArtifactRetention(keep).kept(uses, protect);
    Set<String> distinct = uses.stream().map(Use::digest).collect(Collectors.toSet());

    assertThat(kept.stream().filter(d -> !protect.contains(d))).hasSizeLessThanOrEqualTo(keep);
    assertThat(kept).hasSizeGreaterThanOrEqualTo(Math.min(keep, distinct.size()));
    // everything kept is at least as recent as everything not kept, protected aside
    for (String in : kept) {
      if (protect.contains(in)) {
        continue;
      }
      for (String out : distinct) {
        if (!kept.contains(out)) {
          assertThat(latest(uses, in)).isAfterOrEqualTo(latest(uses, out));
        }
      }
    }
  }

  @Property
  void orderOfInputDoesNotMatter(
      @ForAll("uses") List<Use> uses,
      @ForAll("protectedDigests") Set<String> protect,
      @ForAll Random random) {
    List<Use> shuffled = new ArrayList<>(uses);
    Collections.shuffle(shuffled, random);
    ArtifactRetention r = ArtifactRetention.DEFAULT;
    assertThat(r.toDelete(Map.of("e", shuffled), protect))
        .isEqualTo(r.toDelete(Map.of("e", uses), protect));
  }

  @Test
  void deletesTheOldestBeyondKeepButNotTheLiveOneNorOneAnotherEnvironmentUses() {
    List<Use> production = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      production.add(new Use("sha256:v" + i, T0.plusSeconds(i)));
    }
    List<Use> staging = List.of(new Use("sha256:v2", T0.plusSeconds(100)));

    Set<String> deleted =
        new ArtifactRetention(2)
            .toDelete(Map.of("production", production, "staging", staging), Set.of("sha256:v1"));

    // keeps v5, v4 (newest), v1 (protected: live), v2 (staging's newest)
    assertThat(deleted).containsExactly("sha256:v3");
  }

  @Test
  void aRollbackMakesAnOldArtifactRecent() {
    List<Use> uses =
        List.of(
            new Use("sha256:a", T0),
            new Use("sha256:b", T0.plusSeconds(1)),
            new Use("sha256:c", T0.plusSeconds(2)),
            new Use("sha256:a", T0.plusSeconds(3)));
    assertThat(new ArtifactRetention(2).toDelete(Map.of("e", uses), Set.of()))
        .containsExactly("sha256:b");
  }

  private static Instant latest(List<Use> uses, String digest) {
    return uses.stream()
        .filter(u -> u.digest().equals(digest))
        .map(Use::lastUsed)
        .max(Instant::compareTo)
        .orElseThrow();
  }
}
