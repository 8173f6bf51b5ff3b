package dev.berth.router.internal;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids for {@code X-Request-Id}: the client's own when it is sane, otherwise a fresh random
 * UUID.
 *
 * <p>"Sane" means 1-128 characters of {@code A-Z a-z 0-9 - _ . : + = / @}: enough for UUIDs, ULIDs,
 * Heroku-style and base64 ids, while keeping header injection and log forging out. Ids are random
 * but not secret, so they come from {@link ThreadLocalRandom} instead of {@link UUID#randomUUID()},
 * whose shared {@code SecureRandom} would put a lock on every request.
 */
final class RequestIds {

  static final String HEADER = "X-Request-Id";
  private static final int MAX_LENGTH = 128;

  private RequestIds() {}

  /** The id to use for a request that arrived with {@code clientValue} (possibly null). */
  static String resolve(String clientValue) {
    return isSane(clientValue) ? clientValue : generate();
  }

  static boolean isSane(String id) {
    if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "-_.:+=/@".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** A random (version 4, IETF variant) UUID string. */
  static String generate() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
    return new UUID(msb, lsb).toString();
  }
}
