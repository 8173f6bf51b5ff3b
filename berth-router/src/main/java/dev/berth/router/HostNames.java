package dev.berth.router;

import dev.berth.engine.store.ServiceKey;
import java.util.Optional;

/**
 * Maps the {@code Host} header of a request to the web service it names: {@code
 * <service>.<environment>.<project>.localhost}, with or without {@code :port}, in any letter case,
 * with or without the trailing dot of a fully qualified name.
 *
 * <p>Invariant: a host parses iff it has exactly these four dot-separated labels, the last one is
 * {@code localhost}, and each of the other three is a DNS label (1-63 of {@code a-z 0-9 -}, not
 * starting or ending with {@code -}); the parsed names are always lower case. Anything else (an IP
 * address, a bare {@code localhost}, extra labels, a bad port) is not a service host, and the
 * router answers it with a page that explains the expected form. Names must be DNS labels because
 * {@code *.localhost} names are resolved by curl and browsers, which reject anything else.
 *
 * <p>Parsing allocates only the three label strings, so it is cheap enough for every request.
 */
public final class HostNames {

  /** The suffix every routed host name ends with. */
  public static final String SUFFIX = "localhost";

  /** Human-readable form of a routed host, for error pages and docs. */
  public static final String EXPECTED_FORM = "<service>.<environment>.<project>.localhost";

  private static final int MAX_LABEL = 63;

  private HostNames() {}

  /**
   * The service a {@code Host} header names.
   *
   * @param hostHeader the raw header value, may be null
   * @return the service key, or empty when the header is not of the routed form
   */
  public static Optional<ServiceKey> parse(String hostHeader) {
    if (hostHeader == null) {
      return Optional.empty();
    }
    int end = hostEnd(hostHeader);
    if (end < 0) {
      return Optional.empty();
    }
    if (end > 0 && hostHeader.charAt(end - 1) == '.') {
      end--; // fully qualified form: web.production.lms.localhost.
    }
    int suffixStart = end - SUFFIX.length();
    if (suffixStart < 2
        || hostHeader.charAt(suffixStart - 1) != '.'
        || !hostHeader.regionMatches(true, suffixStart, SUFFIX, 0, SUFFIX.length())) {
      return Optional.empty();
    }
    int projectEnd = suffixStart - 1;
    int projectStart = labelStart(hostHeader, projectEnd);
    if (projectStart <= 0) {
      return Optional.empty();
    }
    int environmentEnd = projectStart - 1;
    int environmentStart = labelStart(hostHeader, environmentEnd);
    if (environmentStart <= 0) {
      return Optional.empty();
    }
    int serviceEnd = environmentStart - 1;
    int serviceStart = labelStart(hostHeader, serviceEnd);
    if (serviceStart != 0) {
      return Optional.empty(); // too few labels (-1 / invalid) or too many (> 0)
    }
    return Optional.of(
        new ServiceKey(
            label(hostHeader, projectStart, projectEnd),
            label(hostHeader, environmentStart, environmentEnd),
            label(hostHeader, serviceStart, serviceEnd)));
  }

  /** The host name that routes to a service, e.g. {@code web.production.lms.localhost}. */
  public static String hostName(ServiceKey service) {
    return service.service() + "." + service.environment() + "." + service.project() + "." + SUFFIX;
  }

  /** Index where the host part ends (before an optional {@code :port}), or -1 when malformed. */
  private static int hostEnd(String header) {
    int colon = header.lastIndexOf(':');
    if (colon < 0) {
      return header.length();
    }
    int digits = header.length() - colon - 1;
    if (digits < 1 || digits > 5) {
      return -1;
    }
    int port = 0;
    for (int i = colon + 1; i < header.length(); i++) {
      char c = header.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      port = port * 10 + (c - '0');
    }
    return port <= 65_535 ? colon : -1;
  }

  /**
   * Start index of the DNS label that ends (exclusive) at {@code end}: the index after the previous
   * dot, or 0 at the start of the string. Returns -1 when the label is empty, too long or has a
   * character outside {@code a-z A-Z 0-9 -} or a leading or trailing {@code -}.
   */
  private static int labelStart(String s, int end) {
    int i = end - 1;
    while (i >= 0 && s.charAt(i) != '.') {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
      if (!ok) {
        return -1;
      }
      i--;
    }
    int start = i + 1;
    int length = end - start;
    if (length < 1 || length > MAX_LABEL || s.charAt(start) == '-' || s.charAt(end - 1) == '-') {
      return -1;
    }
    return start;
  }

  private static String label(String s, int start, int end) {
    for (int i = start; i < end; i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        return s.substring(start, end).toLowerCase(java.util.Locale.ROOT);
      }
    }
    return s.substring(start, end);
  }
}
