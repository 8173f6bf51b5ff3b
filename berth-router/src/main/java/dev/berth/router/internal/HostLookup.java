package dev.berth.router.internal;

import dev.berth.engine.store.ServiceKey;
import dev.berth.router.HostNames;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Memoizes {@link HostNames#parse} for the Host headers the router sees, so the common case costs
 * one hash lookup and no allocation.
 *
 * <p>Invariant: holds at most {@link #MAX_ENTRIES} entries, and only hosts that parsed; it is
 * cleared when full, so random Host headers can neither grow memory nor evict much useful work (a
 * refill costs one parse per live host).
 */
final class HostLookup {

  static final int MAX_ENTRIES = 4096;

  private final ConcurrentHashMap<String, ServiceKey> cache = new ConcurrentHashMap<>();

  /** The service a Host header names, or null when it names none. */
  ServiceKey lookup(String host) {
    if (host == null) {
      return null;
    }
    ServiceKey key = cache.get(host);
    if (key != null) {
      return key;
    }
    key = HostNames.parse(host).orElse(null);
    if (key != null) {
      if (cache.size() >= MAX_ENTRIES) {
        cache.clear();
      }
      cache.put(host, key);
    }
    return key;
  }
}
