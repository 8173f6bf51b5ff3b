package dev.berth.kubernetes.apply;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;

/**
 * How objects get into a cluster: the write strategy behind the {@link Applier}. {@link
 * ReplaceWrites} creates and replaces whole objects, which the fabric8 mock server supports (it has
 * no server-side apply); a server-side-apply strategy for real clusters fits the same port.
 */
public interface ClusterWrites {

  /** The live object of the same kind, namespace and name, or {@code null}. */
  HasMetadata get(HasMetadata desired);

  void create(HasMetadata desired);

  /** Replaces {@code live} with {@code desired} (same kind, namespace and name). */
  void update(HasMetadata desired, HasMetadata live);

  /**
   * The live objects of {@code kind} (one of {@link Applier#PRUNABLE}) in {@code namespace} that
   * carry every label of {@code selector}; none when the cluster does not know the kind (a
   * ScaledObject without KEDA).
   */
  List<HasMetadata> list(String kind, String namespace, Map<String, String> selector);

  void delete(HasMetadata live);
}
