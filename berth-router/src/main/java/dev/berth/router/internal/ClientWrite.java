package dev.berth.router.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.util.Callback;

/**
 * The one outstanding write of response bytes from an {@link UpstreamConnection} to the client.
 *
 * <p>Why a class of its own: a write to the client usually completes inside {@code Response.write},
 * on the thread that parses the replica's response, which must then simply go on parsing; sometimes
 * (a slow client) it completes later on another thread, which must resume the parsing itself. A
 * compare-and-set on {@link #phase} tells the two apart, so the parsing never recurses and never
 * runs on two threads at once.
 */
final class ClientWrite implements Callback {

  /** What happens once a write completed later, on another thread (or the last one at all). */
  interface Continuation {
    /** Parse on: the written chunk's buffer may be reused. */
    void resume();

    /** The response's last bytes reached the client. */
    void lastWritten(Forward forward);

    /** The client could not take the bytes. */
    void failed(Forward forward, Throwable failure);
  }

  private static final int NONE = 0;
  private static final int PENDING = 1;
  private static final int DONE_INLINE = 2;

  private final AtomicInteger phase = new AtomicInteger();
  private final Continuation continuation;
  private Forward current;
  private boolean last;
  private Throwable failure;

  ClientWrite(Continuation continuation) {
    this.continuation = continuation;
  }

  /** Whether a write is on its way to the client. */
  boolean pending() {
    return phase.get() == PENDING;
  }

  /**
   * Writes response bytes (the last ones when {@code last}) to the forward's client.
   *
   * @return true when the write completed inline and the caller may go on parsing
   */
  boolean write(Forward forward, boolean last, ByteBuffer bytes) {
    this.current = forward;
    this.last = last;
    this.failure = null;
    phase.set(PENDING);
    forward.writeToClient(last, bytes, this);
    if (phase.compareAndSet(PENDING, NONE)) {
      return false; // completes later: succeeded() or failed() continues
    }
    phase.set(NONE);
    return afterWrite(true);
  }

  @Override
  public void succeeded() {
    if (!phase.compareAndSet(PENDING, DONE_INLINE)) {
      afterWrite(false);
    }
  }

  @Override
  public void failed(Throwable x) {
    failure = x;
    if (!phase.compareAndSet(PENDING, DONE_INLINE)) {
      afterWrite(false);
    }
  }

  @Override
  public InvocationType getInvocationType() {
    return InvocationType.NON_BLOCKING;
  }

  /**
   * @param inline whether the write completed inside {@code Response.write}, on the parsing thread
   * @return true to keep parsing on the calling thread
   */
  private boolean afterWrite(boolean inline) {
    Forward forward = current;
    if (failure != null) {
      continuation.failed(forward, failure);
      return false;
    }
    if (last) {
      continuation.lastWritten(forward);
      return false;
    }
    if (inline) {
      return true;
    }
    continuation.resume();
    return false;
  }
}
