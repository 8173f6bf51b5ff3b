package dev.berth.engine.controller;

import dev.berth.core.model.ServiceSpec;
import dev.berth.engine.runtime.ReplicaSpec;
import dev.berth.engine.store.ReplicaRecord;
import dev.berth.engine.store.ServiceRecord;
import java.nio.file.Path;

/** Builds what the runtime needs for one replica from the stored desired state. Pure. */
public final class ReplicaSpecs {
  private ReplicaSpecs() {}

  /**
   * @param sourceDir the environment's source directory ({@link
   *     dev.berth.engine.store.EnvironmentTable#sourceDir})
   */
  public static ReplicaSpec of(String sourceDir, ServiceRecord service, ReplicaRecord replica) {
    ServiceSpec s = service.spec();
    return new ReplicaSpec(
        replica.id(),
        service.key().project(),
        service.key().environment(),
        service.key().service(),
        s.type(),
        s.command(),
        Path.of(sourceDir),
        s.env(),
        s.port(),
        s.resources(),
        s.health(),
        service.release(),
        replica.templateHash(),
        replica.incarnation(),
        s.user());
  }
}
