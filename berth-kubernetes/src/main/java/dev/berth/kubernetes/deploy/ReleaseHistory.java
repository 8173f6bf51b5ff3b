package dev.berth.kubernetes.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Optional;

/**
 * The releases of one Kubernetes environment with the objects each rendered, so a rollback
 * re-applies exactly what ran before (not a new rendering of an old spec by newer code).
 *
 * <p>Invariant: a release's objects never change once recorded; only its state does.
 */
public interface ReleaseHistory {

  /** Records a new release and its rendered objects, in apply order. */
  void record(ReleaseEntry entry, List<HasMetadata> objects);

  /** Changes a recorded release's state and message. */
  void update(ReleaseEntry entry);

  /** Every recorded release, oldest first. */
  List<ReleaseEntry> list();

  /** The objects {@code release} rendered, in apply order; empty when it is not recorded. */
  Optional<List<HasMetadata>> objects(String release);

  /** The release now live, if any. */
  default Optional<ReleaseEntry> live() {
    return list().stream().filter(e -> e.state() == ReleaseState.LIVE).reduce((a, b) -> b);
  }
}
