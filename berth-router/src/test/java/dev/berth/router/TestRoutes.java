package dev.berth.router;

import dev.berth.engine.store.ServiceKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A route table tests change at will, the way the control plane swaps its snapshot. */
final class TestRoutes implements RouteTable {

  static final ServiceKey WEB = new ServiceKey("lms", "production", "web");
  static final String WEB_HOST = "web.production.lms.localhost";

  private final Map<ServiceKey, Optional<List<Backend>>> table = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicInteger calls =
      new java.util.concurrent.atomic.AtomicInteger();

  TestRoutes set(ServiceKey key, Backend... backends) {
    table.put(key, Optional.of(List.of(backends)));
    return this;
  }

  TestRoutes remove(ServiceKey key) {
    table.remove(key);
    return this;
  }

  int calls() {
    return calls.get();
  }

  @Override
  public Optional<List<Backend>> backends(ServiceKey service) {
    calls.incrementAndGet();
    return table.getOrDefault(service, Optional.empty());
  }
}
