package dev.berth.router.internal;

/**
 * Why the router answered a request itself instead of a replica. The {@link #wire} value is sent in
 * the {@code X-Berth-Error} response header and in JSON error bodies, so scripts and tests can tell
 * the router's errors from an application's own; it is a stable contract.
 */
public enum ErrorCode {
  /** The Host header does not name a service ({@code <service>.<env>.<project>.localhost}). */
  UNKNOWN_HOST(404, "unknown_host"),
  /** The host names a service the route table does not know. */
  NO_SUCH_SERVICE(404, "no_such_service"),
  /** The service exists but none of its replicas is ready. */
  NO_READY_REPLICA(503, "no_ready_replica"),
  /** Every replica tried refused the connection or did not accept it in time. */
  UPSTREAM_CONNECT_FAILED(502, "upstream_connect_failed"),
  /** The replica closed or reset the connection before a complete response. */
  UPSTREAM_RESET(502, "upstream_reset"),
  /** The replica sent nothing for the request timeout. */
  UPSTREAM_TIMEOUT(504, "upstream_timeout"),
  /** The replica answered a WebSocket upgrade with something the router cannot relay. */
  UPGRADE_FAILED(502, "upgrade_failed"),
  /**
   * The service scales from zero, but the request could not be held (too many held already) or no
   * replica was ready within the hold timeout; the answer carries {@code Retry-After}.
   */
  SCALING_FROM_ZERO(503, "scaling_from_zero"),
  /** The request could not be read or forwarded as sent (bad URI, aborted body). */
  BAD_REQUEST(400, "bad_request");

  private final int status;
  private final String wire;

  ErrorCode(int status, String wire) {
    this.status = status;
    this.wire = wire;
  }

  public int status() {
    return status;
  }

  public String wire() {
    return wire;
  }
}
