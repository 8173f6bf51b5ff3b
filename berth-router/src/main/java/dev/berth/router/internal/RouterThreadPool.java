package dev.berth.router.internal;

import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The router's thread pool, whose threads carry a mark: {@link InlineConnectionExecutor} runs work
 * inline only on them (the router's selectors and workers), never on a thread that serves others,
 * such as Jetty's single scheduler thread, which completes timed-out exchanges.
 */
public final class RouterThreadPool extends QueuedThreadPool {

  public RouterThreadPool(String name) {
    setName(name);
  }

  /** As Jetty's own threads, named {@code <pool>-<id>}, but marked. */
  @Override
  public Thread newThread(Runnable runnable) {
    Thread thread = new RouterThread(runnable);
    thread.setDaemon(isDaemon());
    thread.setPriority(getThreadsPriority());
    thread.setName(getName() + "-" + thread.getId());
    return thread;
  }

  /** Whether the calling thread is one of a router's pool threads. */
  static boolean onRouterThread() {
    return Thread.currentThread() instanceof RouterThread;
  }

  private static final class RouterThread extends Thread {
    RouterThread(Runnable runnable) {
      super(runnable);
    }
  }
}
