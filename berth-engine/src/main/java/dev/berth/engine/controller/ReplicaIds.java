package dev.berth.engine.controller;

/**
 * Makes replica ids: {@code <service>-<5 random chars>} like Kubernetes pod names, unique enough
 * per service that a clash is vanishingly rare (and checked against existing ids anyway). A port so
 * tests can make ids deterministic.
 */
@FunctionalInterface
public interface ReplicaIds {
  /** A new id for a replica of {@code service}. */
  String next(String service);

  /** Random ids from a secure random source, alphabet without vowels to avoid words. */
  static ReplicaIds random() {
    java.security.SecureRandom rnd = new java.security.SecureRandom();
    String alphabet = "bcdfghjklmnpqrstvwxz2456789";
    return service -> {
      StringBuilder b = new StringBuilder(service).append('-');
      for (int i = 0; i < 5; i++) {
        b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
      }
      return b.toString();
    };
  }

  /** Sequential ids for tests: {@code web-1}, {@code web-2}, ... */
  static ReplicaIds sequential() {
    java.util.concurrent.atomic.AtomicLong n = new java.util.concurrent.atomic.AtomicLong();
    return service -> service + "-" + n.incrementAndGet();
  }
}
