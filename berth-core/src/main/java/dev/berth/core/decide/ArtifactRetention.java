package dev.berth.core.decide;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which artifacts to delete, as a pure function: each environment keeps its {@code keep} most
 * recently used artifacts, plus its protected ones (the live release's and the last good
 * release's), which are kept whatever their age.
 *
 * <p>Artifacts are content-addressed and shared: a promotion runs the same digest in two
 * environments, a rollback reuses an old one. So an artifact is deleted only when <em>no</em>
 * environment keeps it. Invariants: a protected digest is never returned; a digest some environment
 * keeps is never returned; only digests given as input are returned; the result does not depend on
 * the order of the input.
 *
 * <p>Why by last use and not by creation: a rollback to an old release makes its artifact recent
 * again, and it must not be the next one deleted.
 *
 * @param keep how many artifacts each environment keeps besides its protected ones (default 20)
 */
public record ArtifactRetention(int keep) {
  /** The default: the last 20 artifacts per environment. */
  public static final ArtifactRetention DEFAULT = new ArtifactRetention(20);

  /**
   * One use of an artifact by a release of an environment.
   *
   * @param digest the artifact
   * @param lastUsed when a release of it was last created or deployed
   */
  public record Use(String digest, Instant lastUsed) {
    public Use {
      Objects.requireNonNull(digest, "digest");
      Objects.requireNonNull(lastUsed, "lastUsed");
    }
  }

  public ArtifactRetention {
    if (keep < 0) {
      throw new IllegalArgumentException("keep cannot be negative: " + keep);
    }
  }

  /**
   * What one environment keeps: its {@code keep} most recently used digests (ties broken by digest,
   * so the answer is stable) and every protected digest it uses.
   *
   * @param uses the environment's artifacts; a digest may appear more than once (its latest use
   *     counts)
   * @param protectedDigests digests that must stay (live release, last good release)
   */
  public Set<String> kept(Collection<Use> uses, Set<String> protectedDigests) {
    Map<String, Instant> latest = new HashMap<>();
    for (Use u : uses) {
      latest.merge(u.digest(), u.lastUsed(), (a, b) -> a.isAfter(b) ? a : b);
    }
    List<String> newestFirst =
        latest.keySet().stream()
            .sorted(
                Comparator.comparing((String d) -> latest.get(d))
                    .reversed()
                    .thenComparing(Comparator.naturalOrder()))
            .toList();
    Set<String> kept = new HashSet<>(newestFirst.subList(0, Math.min(keep, newestFirst.size())));
    for (String d : latest.keySet()) {
      if (protectedDigests.contains(d)) {
        kept.add(d);
      }
    }
    return kept;
  }

  /**
   * The digests to delete across environments: those some environment uses and none keeps.
   *
   * @param usesByEnvironment each environment's uses
   * @param protectedDigests digests that must stay, whichever environment they belong to
   * @return digests to delete, sorted
   */
  public Set<String> toDelete(
      Map<String, ? extends Collection<Use>> usesByEnvironment, Set<String> protectedDigests) {
    Set<String> all = new HashSet<>();
    Set<String> kept = new HashSet<>(protectedDigests);
    for (Collection<Use> uses : usesByEnvironment.values()) {
      uses.forEach(u -> all.add(u.digest()));
      kept.addAll(kept(uses, protectedDigests));
    }
    all.removeAll(kept);
    return new TreeSet<>(all);
  }
}
