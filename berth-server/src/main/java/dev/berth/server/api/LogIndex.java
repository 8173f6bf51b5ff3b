package dev.berth.server.api;

import dev.berth.engine.store.ServiceKey;
import java.util.List;

/**
 * Which replicas of a service have retained logs, including replicas that no longer exist (logs
 * outlive restarts and deploys). Implemented by the runtime that writes the logs.
 */
@FunctionalInterface
public interface LogIndex {
  List<String> replicaIds(ServiceKey service);
}
