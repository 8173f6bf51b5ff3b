package dev.berth.router.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;

/**
 * One direction of a WebSocket tunnel: a Jetty {@link Connection} that takes over an endpoint and
 * copies every byte it reads to its peer's endpoint, modelled on the tunnel connections of Jetty's
 * own {@code ConnectHandler}.
 *
 * <p>Invariants: at most one read or write is outstanding per direction (the {@link
 * IteratingCallback} reads again only after the previous write completed), so a slow reader applies
 * back-pressure instead of making the router buffer. End of input half-closes the peer's output;
 * closing either endpoint closes both, and the {@code onClosed} action of the pair runs exactly
 * once.
 */
final class Pipe extends AbstractConnection implements Connection.UpgradeTo {

  private static final int BUFFER_SIZE = 8 * 1024;

  private final ByteBufferPool pool;
  private final boolean startsPair;
  private final IteratingCallback copier = new Copier();
  private Pipe peer;
  private AtomicBoolean closed;
  private Runnable onClosed;
  private ByteBuffer pending;

  /**
   * @param startsPair true for the pipe Jetty opens once the 101 response is written: its {@link
   *     #onOpen()} starts both directions; the other pipe waits for it
   */
  Pipe(EndPoint endPoint, Executor executor, ByteBufferPool pool, boolean startsPair) {
    super(endPoint, executor);
    this.pool = pool;
    this.startsPair = startsPair;
  }

  /** Joins two pipes into a tunnel; {@code onClosed} runs once when the tunnel closes. */
  static void link(Pipe a, Pipe b, Runnable onClosed) {
    AtomicBoolean closed = new AtomicBoolean();
    a.peer = b;
    b.peer = a;
    a.closed = closed;
    b.closed = closed;
    a.onClosed = onClosed;
    b.onClosed = onClosed;
  }

  /** Bytes already read from this pipe's endpoint that must reach the peer first. */
  void pending(ByteBuffer bytes) {
    this.pending = BufferUtil.hasContent(bytes) ? bytes : null;
  }

  @Override
  public void onUpgradeTo(ByteBuffer buffer) {
    pending(buffer);
  }

  @Override
  public void onOpen() {
    super.onOpen();
    if (startsPair) {
      start();
      peer.start();
    }
  }

  private void start() {
    ByteBuffer first = pending;
    pending = null;
    if (first == null) {
      fillInterested();
      return;
    }
    peer.getEndPoint().write(Callback.from(this::fillInterested, this::closeBoth), first);
  }

  @Override
  public void onFillable() {
    copier.iterate();
  }

  private void closeBoth(Throwable failure) {
    getEndPoint().close(failure);
    peer.getEndPoint().close(failure);
  }

  @Override
  public void onClose(Throwable cause) {
    super.onClose(cause);
    peer.getEndPoint().close(cause);
    if (closed.compareAndSet(false, true)) {
      onClosed.run();
    }
  }

  @Override
  public String toConnectionString() {
    return "Pipe@"
        + Integer.toHexString(hashCode())
        + "["
        + getEndPoint().getRemoteSocketAddress()
        + "]";
  }

  /** Reads from this endpoint and writes to the peer, one buffer at a time. */
  private final class Copier extends IteratingCallback {
    private RetainableByteBuffer buffer;

    @Override
    protected Action process() throws Throwable {
      if (buffer == null) {
        buffer = pool.acquire(BUFFER_SIZE, true);
      }
      ByteBuffer bytes = buffer.getByteBuffer();
      BufferUtil.clear(bytes);
      int filled = getEndPoint().fill(bytes);
      if (filled > 0) {
        peer.getEndPoint().write(this, bytes);
        return Action.SCHEDULED;
      }
      release();
      if (filled == 0) {
        fillInterested();
        return Action.IDLE;
      }
      peer.getEndPoint().shutdownOutput();
      return Action.SUCCEEDED;
    }

    @Override
    protected void onCompleteFailure(Throwable failure) {
      release();
      closeBoth(failure);
    }

    private void release() {
      if (buffer != null) {
        buffer.release();
        buffer = null;
      }
    }
  }
}
