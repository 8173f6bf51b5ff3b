package dev.berth.server.api;

import dev.berth.engine.app.AppException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answer of an apply whose build prints output, for a client that accepts {@code
 * application/x-ndjson}: the build's lines as they are printed, then the outcome, one JSON object
 * per line.
 *
 * <pre>
 * {"build": "npm ci"}                               one per line of build output
 * {"status": 202, "result": {...the apply result}}  last: the status the plain answer would have
 * {"status": 409, "error": {"code", "message", "details"}}  or the error it would have been
 * </pre>
 *
 * <p>Invariant: the response switches to NDJSON only when the first build line comes; an apply
 * without a build (or a client that does not accept NDJSON) gets the plain JSON answer with its
 * status. Once switched, the HTTP status is 200 and the real one is in the last line. Writes are
 * serialized (build lines come from the builder's thread); a client that went away makes later
 * writes no-ops, never a failure of the apply, which goes on as it would have without a client.
 */
final class ApplyStream implements Consumer<String> {
  static final String NDJSON = "application/x-ndjson";
  private static final Logger log = LoggerFactory.getLogger(ApplyStream.class);

  private final Context x;
  private OutputStream out;
  private boolean gone;

  private ApplyStream(Context x) {
    this.x = x;
  }

  /** A stream for this request, or {@code null} when its client does not accept NDJSON. */
  static ApplyStream forRequest(Context x) {
    String accept = x.header("Accept");
    return accept != null && accept.contains(NDJSON) ? new ApplyStream(x) : null;
  }

  /** Whether the answer became NDJSON (a build printed something). */
  synchronized boolean started() {
    return out != null || gone;
  }

  @Override
  public synchronized void accept(String line) {
    write(Map.of("build", line));
  }

  /** The last line of a successful apply. */
  synchronized void result(int status, Object result) {
    Map<String, Object> last = new LinkedHashMap<>();
    last.put("status", status);
    last.put("result", result);
    write(last);
  }

  /** The last line of an apply that failed after the answer became NDJSON. */
  synchronized void failed(RuntimeException e) {
    int status;
    ApiError error;
    if (e instanceof AppException a) {
      status = ApiServer.statusOf(a);
      error = ApiError.of(a.code(), a.getMessage(), a.details());
    } else {
      log.error("apply failed while streaming its build", e);
      status = 500;
      error =
          ApiError.of("internal", "the control plane failed: " + e + "; see its log", List.of());
    }
    Map<String, Object> last = new LinkedHashMap<>();
    last.put("status", status);
    last.put("error", error.error());
    write(last);
  }

  private void write(Object line) {
    if (gone) {
      return;
    }
    try {
      if (out == null) {
        x.status(200);
        x.res().setContentType(NDJSON);
        out = x.res().getOutputStream();
      }
      out.write(Json.mapper().writeValueAsBytes(line));
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      gone = true; // the client left: the apply goes on without it
    }
  }
}
