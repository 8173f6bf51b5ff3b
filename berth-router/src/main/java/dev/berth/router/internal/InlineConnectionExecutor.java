package dev.berth.router.internal;

import java.util.Objects;
import java.util.concurrent.Executor;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;

/**
 * The router connector's executor: runs a server HTTP/1 connection's resume task on the calling
 * thread when the server's handlers never block, and hands everything else to the thread pool.
 *
 * <p>Why: when a proxied response completes on the HTTP client's selector thread, Jetty resumes the
 * client's connection to the router (to parse a pipelined request or to wait for the next one) by
 * executing the {@link HttpConnection} itself on its connector's executor. Through a thread pool
 * that costs a thread wake-up and a context switch for every request: about a sixth of the router's
 * CPU per request on a two-core machine (see {@code docs/benchmarks.md}).
 *
 * <p>Invariant: a task runs inline only when it is a server {@link HttpConnection} and the server's
 * handler tree declares {@link InvocationType#NON_BLOCKING} ({@link
 * RoutingProxy#getInvocationType()} does, and the router's tree is static so Jetty sees it). Such a
 * run never blocks the caller: it reads what the socket already holds without waiting, hands
 * complete requests to the non-blocking handler, and otherwise registers read interest. Runs do not
 * nest: a response that completes on the thread still handling its request does not resume the
 * connection (Jetty tracks that), so only a completion on another thread, such as the client's
 * selector, gets here. Only the router's own threads ({@link RouterThreadPool}) run a resume
 * inline: a completion on Jetty's scheduler thread (a timed-out exchange) hands it to the pool, as
 * a client pipelining requests that are answered at once could otherwise keep that one thread, and
 * every timeout queued behind it, busy. Selector loops, idle-timeout tasks and anything else go to
 * the pool. If a Jetty upgrade renamed the connection class, resumes would simply go back to the
 * pool: slower, never wrong.
 */
public final class InlineConnectionExecutor implements Executor {

  private final Executor pool;
  private final Invocable handlers;

  /**
   * @param pool where every task that may not run inline goes
   * @param handlers the server (or its handler tree) whose invocation type says whether handling a
   *     request may block
   */
  public InlineConnectionExecutor(Executor pool, Invocable handlers) {
    this.pool = Objects.requireNonNull(pool, "pool");
    this.handlers = Objects.requireNonNull(handlers, "handlers");
  }

  @Override
  public void execute(Runnable task) {
    if (runsInline(task)) {
      task.run();
    } else {
      pool.execute(task);
    }
  }

  /** Whether {@link #execute} runs this task on the calling thread. */
  boolean runsInline(Runnable task) {
    return task instanceof HttpConnection
        && handlers.getInvocationType() == InvocationType.NON_BLOCKING
        && RouterThreadPool.onRouterThread();
  }
}
