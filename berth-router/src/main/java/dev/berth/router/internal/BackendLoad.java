package dev.berth.router.internal;

import dev.berth.router.Backend;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the router keeps per backend of a service: its count of outstanding requests (this integer),
 * which the balancer reads, and its pool of idle keep-alive connections.
 */
final class BackendLoad extends AtomicInteger {

  final transient Backend backend;
  final transient UpstreamPool pool = new UpstreamPool();

  BackendLoad(Backend backend) {
    this.backend = backend;
  }
}
