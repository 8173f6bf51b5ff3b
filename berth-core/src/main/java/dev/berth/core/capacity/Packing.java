package dev.berth.core.capacity;

import dev.berth.core.capacity.ProvisionOptions.Usable;
import dev.berth.core.placement.Replica;
import dev.berth.core.placement.Spread;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One packing run of {@link Provisioner}: first-fit decreasing into node claims, Karpenter's way.
 *
 * <p>A claim is a node not yet given a type: it keeps the set of types that could still hold
 * everything put on it. A replica joins the first claim where some type of that set, allowed by the
 * replica's selector, still fits the claim's requests plus its own (and its replica count, and
 * {@code spread: required}); the set shrinks to those types. A replica no claim takes opens a new
 * claim. At the end each claim becomes the cheapest type left in its set.
 *
 * <p>Speed: claims only fill up and their sets only shrink, so a claim that refused a replica
 * refuses every later replica of the same requests, selector and (for required spread) service.
 * Each such class remembers the first claim that has not refused it, which makes the run close to
 * linear in the replicas when their sizes repeat (100,000 replicas take well under a second).
 */
final class Packing {
  private record Kind(long cpu, long mem, Map<String, String> selector, String spreadService) {}

  static final class Claim {
    long cpu;
    long mem;
    int pods;
    BitSet types;
    final List<Integer> replicas = new ArrayList<>();
    final Set<String> spread = new HashSet<>();
  }

  private final List<InstanceType> types;
  private final Usable[] usable;
  private final List<Claim> claims = new ArrayList<>();
  private final Map<Kind, Integer> firstOpen = new HashMap<>();

  Packing(List<InstanceType> types, ProvisionOptions options) {
    this.types = types;
    usable = new Usable[types.size()];
    for (int i = 0; i < usable.length; i++) {
      usable[i] = options.usable(types.get(i));
    }
  }

  List<Claim> claims() {
    return claims;
  }

  /** Types allowed by the selector that could hold the replica on an empty node. */
  BitSet compatible(Replica r) {
    BitSet out = new BitSet();
    for (int i = 0; i < usable.length; i++) {
      if (types.get(i).matches(r.nodeSelector())
          && usable[i].fits(r.cpuMillis(), r.memoryBytes(), 1)) {
        out.set(i);
      }
    }
    return out;
  }

  /** Puts replica {@code index} into a claim; {@code compat} must not be empty. */
  void add(int index, Replica r, BitSet compat) {
    boolean required = r.spread() == Spread.REQUIRED;
    Kind kind =
        new Kind(r.cpuMillis(), r.memoryBytes(), r.nodeSelector(), required ? r.service() : null);
    int from = firstOpen.getOrDefault(kind, 0);
    for (int c = from; c < claims.size(); c++) {
      Claim claim = claims.get(c);
      if (tryJoin(claim, r, compat, required)) {
        firstOpen.put(kind, c);
        claim.replicas.add(index);
        return;
      }
    }
    Claim claim = new Claim();
    claim.types = (BitSet) compat.clone();
    claims.add(claim);
    firstOpen.put(kind, claims.size() - 1);
    join(claim, r, required);
    claim.replicas.add(index);
  }

  private boolean tryJoin(Claim claim, Replica r, BitSet compat, boolean required) {
    if (claim.pods >= usable[0].pods() || (required && claim.spread.contains(r.service()))) {
      return false;
    }
    long cpu = claim.cpu + r.cpuMillis();
    long mem = claim.mem + r.memoryBytes();
    BitSet left = null;
    for (int t = claim.types.nextSetBit(0); t >= 0; t = claim.types.nextSetBit(t + 1)) {
      if (compat.get(t) && usable[t].fits(cpu, mem, claim.pods + 1)) {
        if (left == null) {
          left = new BitSet();
        }
        left.set(t);
      }
    }
    if (left == null) {
      return false;
    }
    claim.types = left;
    join(claim, r, required);
    return true;
  }

  private static void join(Claim claim, Replica r, boolean required) {
    claim.cpu += r.cpuMillis();
    claim.mem += r.memoryBytes();
    claim.pods++;
    if (required) {
      claim.spread.add(r.service());
    }
  }

  /** The cheapest type left to a claim (ties: catalog order). */
  InstanceType cheapest(Claim claim) {
    InstanceType best = null;
    for (int t = claim.types.nextSetBit(0); t >= 0; t = claim.types.nextSetBit(t + 1)) {
      InstanceType type = types.get(t);
      if (best == null || type.microsPerHour() < best.microsPerHour()) {
        best = type;
      }
    }
    return best;
  }
}
