package dev.berth.router.internal;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;

/**
 * One attempt to forward a client's request to one replica over one {@link UpstreamConnection}:
 * sends the request (head, then the body, buffered or streamed) and relays the response (status,
 * end-to-end headers, body) to the client as the connection parses it.
 *
 * <p>Invariant: an attempt has exactly one outcome, taken by whichever comes first under {@link
 * #over}: the response reached the client ({@link #responseComplete}), the replica failed ({@link
 * #upstreamFailed}: the {@link Forwarder} answers with an error page or aborts), the client's body
 * could not be read, or the client went away. Later signals of the same attempt are ignored.
 */
final class Forward {

  /** Response headers that describe the router-to-replica hop, not the response. */
  private static final EnumSet<HttpHeader> HOP_BY_HOP =
      EnumSet.of(
          HttpHeader.CONNECTION,
          HttpHeader.KEEP_ALIVE,
          HttpHeader.PROXY_CONNECTION,
          HttpHeader.PROXY_AUTHENTICATE,
          HttpHeader.TE,
          HttpHeader.TRAILER,
          HttpHeader.TRANSFER_ENCODING,
          HttpHeader.UPGRADE);

  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] CRLF_LAST_CHUNK = "\r\n0\r\n\r\n".getBytes(US_ASCII);
  private static final ByteBuffer LAST_CHUNK =
      ByteBuffer.wrap("0\r\n\r\n".getBytes(US_ASCII)).asReadOnlyBuffer();

  final Exchange exchange;
  final Request request;
  final Response response;
  private final Forwarder forwarder;
  private final AtomicBoolean over = new AtomicBoolean();
  private final boolean head;
  private UpstreamConnection connection;
  private volatile boolean requestSent;
  private int status;
  private String connectionTokens;

  Forward(Forwarder forwarder, Exchange exchange, Request request, Response response) {
    this.forwarder = forwarder;
    this.exchange = exchange;
    this.request = request;
    this.response = response;
    this.head = HttpMethod.HEAD.is(request.getMethod());
  }

  boolean isHead() {
    return head;
  }

  boolean isOver() {
    return over.get();
  }

  boolean requestSent() {
    return requestSent;
  }

  /** Writes the request on a connected connection; from here on it is never retried. */
  void start(UpstreamConnection upstream) {
    this.connection = upstream;
    exchange.markBegun();
    if (exchange.retryable) {
      ByteBuffer body = exchange.body;
      long length =
          body != null ? body.remaining() : request.getLength() == 0 ? 0 : UpstreamHead.NO_BODY;
      ByteBuffer headBytes = upstream.head().write(request, exchange.requestId, length);
      Callback sent = Callback.from(() -> requestSent = true, this::upstreamFailed);
      if (body != null && body.hasRemaining()) {
        upstream.write(sent, headBytes, body.slice());
      } else {
        upstream.write(sent, headBytes);
      }
      return;
    }
    long length = request.getLength();
    boolean chunked = length < 0;
    ByteBuffer headBytes =
        upstream.head().write(request, exchange.requestId, chunked ? UpstreamHead.CHUNKED : length);
    upstream.write(
        Callback.from(() -> new BodyPump(chunked).iterate(), this::upstreamFailed), headBytes);
  }

  void responseStatus(int code) {
    status = code;
  }

  void responseHeader(HttpField field) {
    HttpHeader known = field.getHeader();
    if (known != null ? HOP_BY_HOP.contains(known) : field.is(RequestIds.HEADER)) {
      if (known == HttpHeader.CONNECTION && namesOtherHeaders(field.getValue())) {
        String value = field.getValue();
        connectionTokens = connectionTokens == null ? value : connectionTokens + "," + value;
      }
      return; // the router owns X-Request-Id on the response: it set the one it sent upstream
    }
    response.getHeaders().add(field);
  }

  /** Whether a Connection value names more than {@code keep-alive} and {@code close}. */
  private static boolean namesOtherHeaders(String value) {
    return !value.equalsIgnoreCase("keep-alive") && !value.equalsIgnoreCase("close");
  }

  /**
   * @return false when the response cannot be relayed (a 101 to a request that asked no upgrade)
   */
  boolean responseHeadComplete() {
    if (status == 101) {
      return false;
    }
    if (connectionTokens != null) {
      HttpFields.Mutable headers = response.getHeaders();
      for (String token : connectionTokens.split(",")) {
        String name = token.trim();
        if (!name.isEmpty() && namesOtherHeaders(name)) {
          headers.remove(name);
        }
      }
    }
    response.setStatus(status);
    return true;
  }

  void writeToClient(boolean last, ByteBuffer bytes, Callback callback) {
    if (over.get()) {
      callback.failed(new IllegalStateException("forward already over"));
      return;
    }
    response.write(last, bytes, callback);
  }

  /** The whole response reached the client. */
  void responseComplete() {
    if (over.compareAndSet(false, true)) {
      exchange.succeeded();
    }
  }

  /** The replica's side failed: connect, write, read, parse or timeout. */
  void upstreamFailed(Throwable failure) {
    if (over.compareAndSet(false, true)) {
      abortUpstream();
      forwarder.failed(this, failure);
    }
  }

  /** The client could not take the response: nothing left to answer. */
  void clientWriteFailed(Throwable failure) {
    if (over.compareAndSet(false, true)) {
      exchange.failed(failure);
    }
  }

  private void clientBodyFailed(Throwable failure) {
    if (over.compareAndSet(false, true)) {
      abortUpstream(); // the replica got part of a request: the connection cannot be reused
      forwarder.failed(this, failure);
    }
  }

  private void abortUpstream() {
    UpstreamConnection upstream = connection;
    if (upstream != null) {
      upstream.getEndPoint().close();
    }
  }

  /**
   * Copies a streamed request body from the client to the replica, one chunk at a time: the next
   * chunk is read only once the previous one is written, so a slow replica slows the client down
   * instead of making the router buffer. Bodies of unknown length are sent chunked.
   */
  private final class BodyPump extends IteratingCallback {
    private final boolean chunked;
    private Content.Chunk current;
    private boolean done;

    BodyPump(boolean chunked) {
      this.chunked = chunked;
    }

    @Override
    protected Action process() {
      release();
      if (done) {
        requestSent = true;
        return Action.SUCCEEDED;
      }
      if (over.get()) {
        return Action.SUCCEEDED;
      }
      while (true) {
        Content.Chunk chunk = request.read();
        if (chunk == null) {
          request.demand(this::iterate);
          return Action.IDLE;
        }
        if (Content.Chunk.isFailure(chunk)) {
          clientBodyFailed(chunk.getFailure());
          return Action.SUCCEEDED;
        }
        done = chunk.isLast();
        ByteBuffer data = chunk.getByteBuffer();
        if (!data.hasRemaining() && !done) {
          chunk.release();
          continue;
        }
        current = chunk;
        if (!chunked) {
          connection.write(this, data);
        } else if (!data.hasRemaining()) {
          connection.write(this, LAST_CHUNK.slice());
        } else {
          byte[] size = (Integer.toHexString(data.remaining()) + "\r\n").getBytes(US_ASCII);
          ByteBuffer end = ByteBuffer.wrap(done ? CRLF_LAST_CHUNK : CRLF);
          connection.write(this, ByteBuffer.wrap(size), data, end);
        }
        return Action.SCHEDULED;
      }
    }

    @Override
    protected void onCompleteFailure(Throwable cause) {
      release();
      upstreamFailed(cause);
    }

    @Override
    public InvocationType getInvocationType() {
      return InvocationType.NON_BLOCKING;
    }

    private void release() {
      if (current != null) {
        current.release();
        current = null;
      }
    }
  }
}
