package dev.berth.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/**
 * The objects of one environment's release, in apply order (Namespace, ConfigMaps, the release Job,
 * Services, Deployments, PodDisruptionBudgets, CronJobs, ScaledObjects or HPAs; within a kind, spec
 * order), and notes about what the spec has that is not rendered yet.
 *
 * @param namespace the environment's namespace
 * @param objects fabric8 model objects, never shared with another rendering
 * @param notes one sentence each, for a person (never a config value)
 */
public record Rendering(String namespace, List<HasMetadata> objects, List<String> notes) {

  public Rendering {
    objects = List.copyOf(objects);
    notes = List.copyOf(notes);
  }
}
