package dev.berth.runtime.local.internal.supervise;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Named daemon threads: the runtime never keeps the JVM alive on its own. */
public final class DaemonThreads implements ThreadFactory {
  private final String prefix;
  private final AtomicInteger n = new AtomicInteger();

  public DaemonThreads(String prefix) {
    this.prefix = prefix;
  }

  @Override
  public Thread newThread(Runnable r) {
    Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
    t.setDaemon(true);
    return t;
  }
}
