package dev.berth.router.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * The first phase of a WebSocket tunnel on the backend side: writes the client's handshake request
 * to the backend and parses the response head with Jetty's {@link HttpParser}.
 *
 * <p>Invariant: reports exactly one outcome to its {@link Outcome}: upgraded (a 101 head, plus any
 * bytes the backend sent right after it), refused (a complete non-101 response of at most {@link
 * #MAX_BODY} bytes, which the router relays as is), or failed. The head may be at most {@link
 * #MAX_HEAD} bytes.
 */
final class UpstreamHandshake extends AbstractConnection implements HttpParser.ResponseHandler {

  static final int MAX_HEAD = 16 * 1024;
  static final int MAX_BODY = 64 * 1024;

  /** What the tunnel does with the handshake's result; called at most once. */
  interface Outcome {
    void upgraded(UpstreamHandshake handshake, HttpFields headers, ByteBuffer leftover);

    void refused(int status, HttpFields headers, byte[] body);

    void failed(ErrorCode code);
  }

  private final ByteBuffer request;
  private final Outcome outcome;
  private final HttpParser parser = new HttpParser(this);
  private final ByteBuffer input = BufferUtil.allocate(MAX_HEAD);
  private final HttpFields.Mutable headers = HttpFields.build();
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private int status;
  private boolean upgraded;
  private boolean complete;
  private boolean invalid;
  private boolean reported;

  UpstreamHandshake(EndPoint endPoint, Executor executor, ByteBuffer request, Outcome outcome) {
    super(endPoint, executor);
    this.request = request;
    this.outcome = outcome;
  }

  @Override
  public void onOpen() {
    super.onOpen();
    getEndPoint()
        .write(Callback.from(this::fillInterested, x -> report(ErrorCode.UPSTREAM_RESET)), request);
  }

  @Override
  public void onFillable() {
    try {
      while (!reported) {
        if (BufferUtil.space(input) == 0) {
          BufferUtil.compact(input);
          if (BufferUtil.space(input) == 0) {
            report(ErrorCode.UPGRADE_FAILED); // head larger than MAX_HEAD
            return;
          }
        }
        int filled = getEndPoint().fill(input);
        if (filled < 0) {
          parser.atEOF();
          parser.parseNext(input);
          finishOrFail(ErrorCode.UPSTREAM_RESET);
          return;
        }
        if (filled == 0) {
          fillInterested();
          return;
        }
        if (parser.parseNext(input)) {
          finishOrFail(ErrorCode.UPGRADE_FAILED);
          return;
        }
      }
    } catch (Throwable x) {
      report(ErrorCode.UPSTREAM_RESET);
    }
  }

  private void finishOrFail(ErrorCode otherwise) {
    if (upgraded) {
      reported = true;
      outcome.upgraded(this, headers, BufferUtil.hasContent(input) ? copy(input) : null);
    } else if (complete && !invalid) {
      reported = true;
      outcome.refused(status, headers, body.toByteArray());
      getEndPoint().close();
    } else {
      report(otherwise);
    }
  }

  private void report(ErrorCode code) {
    if (!reported) {
      reported = true;
      outcome.failed(code);
    }
    getEndPoint().close();
  }

  @Override
  public boolean onIdleExpired(TimeoutException timeout) {
    report(ErrorCode.UPSTREAM_TIMEOUT);
    return true;
  }

  private static ByteBuffer copy(ByteBuffer bytes) {
    ByteBuffer copy = ByteBuffer.allocate(bytes.remaining());
    copy.put(bytes).flip();
    return copy;
  }

  @Override
  public void startResponse(HttpVersion version, int status, String reason) {
    this.status = status;
  }

  @Override
  public void parsedHeader(HttpField field) {
    headers.add(field);
  }

  @Override
  public boolean headerComplete() {
    upgraded = status == HttpStatus.SWITCHING_PROTOCOLS_101;
    return upgraded; // stop right after a 101 head: what follows is WebSocket frames
  }

  @Override
  public boolean content(ByteBuffer chunk) {
    if (body.size() + chunk.remaining() > MAX_BODY) {
      invalid = true;
      return true;
    }
    byte[] bytes = new byte[chunk.remaining()];
    chunk.get(bytes);
    body.write(bytes, 0, bytes.length);
    return false;
  }

  @Override
  public boolean contentComplete() {
    return false;
  }

  @Override
  public boolean messageComplete() {
    complete = true;
    return true;
  }

  @Override
  public void earlyEOF() {
    invalid = true;
  }

  @Override
  public void badMessage(HttpException failure) {
    invalid = true;
  }
}
