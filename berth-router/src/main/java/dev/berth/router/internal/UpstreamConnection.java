package dev.berth.router.internal;

import java.io.EOFException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * One keep-alive HTTP/1.1 connection from the router to a replica, carrying one {@link Forward} at
 * a time: it reads the replica's response with Jetty's {@link HttpParser} and hands head, body and
 * end to the forward, which relays them to the client.
 *
 * <p>Why not Jetty's {@code HttpClient}: a reverse proxy needs none of its request and response
 * objects, listeners, conversations, destination queues and locked connection pools; that machinery
 * cost about as much CPU per request as the whole of nginx (docs/benchmarks.md).
 *
 * <p>States: {@code ACTIVE} (bound to a forward, or just connected), {@code IDLE} (in its {@link
 * UpstreamPool}, read-interested so that a replica closing it is noticed at once) and {@code
 * CLOSED}; only {@link #activate()} leaves {@code IDLE}, by a compare-and-set, so a connection is
 * never given to two forwards. Invariants: at most one thread parses at a time (it runs from {@link
 * #onFillable()} or from the completion of the one outstanding client write, never both); parsing
 * pauses while a slice of the input buffer is being written to the client, so the buffer is never
 * overwritten under a pending write; the connection goes back to its pool only after a complete
 * response to a completely sent request that both sides allow to be kept alive.
 */
final class UpstreamConnection extends AbstractConnection implements HttpParser.ResponseHandler {

  private static final int ACTIVE = 0;
  private static final int IDLE = 1;
  private static final int CLOSED = 2;
  private static final int BUFFER_SIZE = 16 * 1024;
  private static final int MAX_RESPONSE_HEAD = 64 * 1024;

  private final AtomicInteger state = new AtomicInteger(ACTIVE);
  private final UpstreamPool pool;
  private final HttpParser parser = new HttpParser(this, MAX_RESPONSE_HEAD, HttpCompliance.RFC9110);
  // A heap buffer: the parser's header lookups read it through its array, several times faster
  // than through a direct buffer's bounds-checked accessors.
  private final ByteBuffer input = BufferUtil.allocate(BUFFER_SIZE);
  private final ClientWrite clientWrite = new ClientWrite(new AfterClientWrite());
  private final Callback fillable = new Fillable();
  private final UpstreamHead head = new UpstreamHead();

  private volatile Forward forward;
  // Parse results of the current response, read and written only by the parsing thread.
  private ByteBuffer chunk;
  private boolean interim;
  private boolean complete;
  private boolean keepAlive;
  private boolean quickAcked;
  private Throwable badResponse;

  UpstreamConnection(EndPoint endPoint, Executor executor, UpstreamPool pool) {
    super(endPoint, executor);
    this.pool = pool;
  }

  UpstreamPool pool() {
    return pool;
  }

  /** The builder of this connection's request heads, reused request after request. */
  UpstreamHead head() {
    return head;
  }

  /** Takes the connection out of its idle state for a new forward; false if it closed meanwhile. */
  boolean activate() {
    return state.compareAndSet(IDLE, ACTIVE);
  }

  /** Starts a forward on this (active) connection: writes its request, then reads its response. */
  void send(Forward next) {
    parser.reset();
    parser.setHeadResponse(next.isHead());
    chunk = null;
    interim = false;
    complete = false;
    keepAlive = true;
    quickAcked = false;
    badResponse = null;
    forward = next;
    next.start(this);
    readInterested();
  }

  /**
   * Asks for {@link #onFillable()} once bytes (or the end) arrive, unless already asked: the
   * sending thread and the reading thread may both ask, and only one interest may be pending.
   */
  private void readInterested() {
    getEndPoint().tryFillInterested(fillable);
  }

  /** Writes request bytes on this connection (the forward's head and body). */
  void write(Callback callback, ByteBuffer... buffers) {
    getEndPoint().write(callback, buffers);
  }

  @Override
  public void onFillable() {
    process();
  }

  /** Reads and parses until the response needs a client write to finish, or more bytes. */
  private void process() {
    try {
      while (true) {
        Forward current = forward;
        if (current == null) {
          idleRead();
          return;
        }
        if (BufferUtil.hasContent(input) && parser.parseNext(input)) {
          if (!handleParsed(current)) {
            return;
          }
          continue;
        }
        if (badResponse != null) {
          fail(current, badResponse);
          return;
        }
        int filled = getEndPoint().fill(input);
        if (filled > 0) {
          continue;
        }
        if (filled == 0) {
          if (!quickAcked && !parser.isStart()) {
            // Part of the response came, the rest is awaited: a replica holding it back for our
            // ACK (Nagle) gets it now, not after the delayed-ACK timer. Once per response.
            quickAcked = true;
            QuickAck.now(getEndPoint());
          }
          readInterested();
          return;
        }
        parser.atEOF();
        keepAlive = false;
        if (parser.parseNext(input)) {
          if (handleParsed(current)) {
            continue;
          }
          return;
        }
        if (!complete) {
          fail(current, new EOFException("the replica closed the connection mid-response"));
        }
        return;
      }
    } catch (Throwable x) {
      Forward current = forward;
      if (current != null) {
        fail(current, x);
      } else {
        close();
      }
    }
  }

  /**
   * Acts on what the parser stopped for: a body chunk to relay, the end of an interim (1xx)
   * response, or the end of the response.
   *
   * @return true to keep parsing on this thread, false when the client write will resume it or the
   *     forward is over
   */
  private boolean handleParsed(Forward current) {
    if (badResponse != null) {
      fail(current, badResponse);
      return false;
    }
    if (interim && complete) {
      parser.reset(); // 100 Continue, 103 Early Hints: not relayed; the real response follows
      parser.setHeadResponse(current.isHead());
      interim = false;
      complete = false;
      return true;
    }
    ByteBuffer body = chunk;
    chunk = null;
    if (body != null && lastOfKnownLength()) {
      // The last chunk of a body of known length: parse on to the end of the response (no more
      // body bytes to read) and send chunk and end together, so the client gets one write.
      while (!complete && badResponse == null && parser.parseNext(input)) {
        // contentComplete and messageComplete only
      }
    }
    if (badResponse != null) {
      fail(current, badResponse);
      return false;
    }
    if (body == null && !complete) {
      return true;
    }
    return clientWrite.write(current, complete, body == null ? BufferUtil.EMPTY_BUFFER : body);
  }

  private boolean lastOfKnownLength() {
    long length = parser.getContentLength();
    return length >= 0 && parser.getContentRead() >= length;
  }

  /** The response's last bytes reached the client: back to the pool, or closed. */
  private void finished(Forward current) {
    forward = null;
    boolean reuse =
        keepAlive && current.requestSent() && !current.isOver() && !getEndPoint().isInputShutdown();
    if (reuse && state.compareAndSet(ACTIVE, IDLE)) {
      readInterested(); // notices the replica closing it while idle
      pool.release(this);
    } else {
      closeQuietly();
    }
    current.responseComplete();
  }

  /** A read while idle: the replica closed the connection, or sent bytes nobody asked for. */
  private void idleRead() throws java.io.IOException {
    int filled = getEndPoint().fill(input);
    if (filled == 0) {
      readInterested();
      return;
    }
    if (forward != null) {
      process(); // a forward took the connection between the check and the read
      return;
    }
    closeQuietly();
  }

  private void fail(Forward current, Throwable failure) {
    forward = null;
    closeQuietly();
    current.upstreamFailed(failure);
  }

  private void closeQuietly() {
    if (state.getAndSet(CLOSED) == IDLE) {
      pool.remove(this);
    }
    getEndPoint().close();
  }

  @Override
  public boolean onIdleExpired(TimeoutException timeout) {
    Forward current = forward;
    if (current == null) {
      closeQuietly();
      return true;
    }
    if (clientWrite.pending()) {
      return false; // a slow client holds the response back: the client's own timeout governs
    }
    fail(current, timeout);
    return true;
  }

  @Override
  public void onClose(Throwable cause) {
    super.onClose(cause);
    Forward current = forward;
    if (state.getAndSet(CLOSED) == IDLE) {
      pool.remove(this);
    }
    if (current != null) {
      forward = null;
      current.upstreamFailed(cause != null ? cause : new EOFException("upstream closed"));
    }
  }

  @Override
  public void onFillInterestedFailed(Throwable cause) {
    Forward current = forward;
    if (current != null) {
      fail(current, cause);
    } else {
      closeQuietly();
    }
  }

  // HttpParser.ResponseHandler: called by parseNext on the parsing thread.

  @Override
  public void startResponse(HttpVersion version, int status, String reason) {
    interim = status >= 100 && status < 200 && status != 101;
    if (version != HttpVersion.HTTP_1_1) {
      keepAlive = false; // an HTTP/1.0 replica: one response per connection
    }
    if (!interim) {
      forward.responseStatus(status);
    }
  }

  @Override
  public void parsedHeader(HttpField field) {
    if (interim || field == HttpFields.CONNECTION_KEEPALIVE) {
      return; // hop-by-hop; the parser hands out this shared field for the usual value
    }
    if (field.getHeader() == HttpHeader.CONNECTION && field.contains("close")) {
      keepAlive = false;
    }
    forward.responseHeader(field);
  }

  @Override
  public boolean headerComplete() {
    if (!interim && !forward.responseHeadComplete()) {
      badResponse = new java.io.IOException("a 101 response to a request that asked no upgrade");
      return true;
    }
    return false;
  }

  @Override
  public boolean content(ByteBuffer content) {
    chunk = content;
    return true;
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
    keepAlive = false;
  }

  @Override
  public void badMessage(HttpException failure) {
    keepAlive = false;
    // Never passed on as the HttpException it is: that would read as the client's error (400).
    badResponse =
        new java.io.IOException("invalid response from the replica: " + failure.getReason());
  }

  /** Runs {@link #onFillable()} on the selector thread: nothing it does blocks. */
  private final class Fillable implements Callback {
    @Override
    public void succeeded() {
      onFillable();
    }

    @Override
    public void failed(Throwable x) {
      onFillInterestedFailed(x);
    }

    @Override
    public InvocationType getInvocationType() {
      return InvocationType.NON_BLOCKING;
    }
  }

  /** What a completed client write leads to: more parsing, the end, or a failed forward. */
  private final class AfterClientWrite implements ClientWrite.Continuation {
    @Override
    public void resume() {
      process();
    }

    @Override
    public void lastWritten(Forward current) {
      finished(current);
    }

    @Override
    public void failed(Forward current, Throwable failure) {
      forward = null;
      closeQuietly();
      current.clientWriteFailed(failure);
    }
  }
}
