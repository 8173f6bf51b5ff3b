package dev.berth.router.internal;

import dev.berth.router.Backend;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the balancer keeps per backend: its count of outstanding requests (this integer) and its
 * origin URI ({@code http://host:port}), built once so that no request has to build and parse one.
 */
final class BackendLoad extends AtomicInteger {

  final transient URI origin;

  BackendLoad(Backend backend) {
    this.origin = backend.origin();
  }
}
