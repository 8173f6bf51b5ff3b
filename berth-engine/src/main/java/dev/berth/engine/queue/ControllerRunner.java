package dev.berth.engine.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The imperative shell around a {@link Controller}: worker threads that take due keys and process
 * them. Waiting happens on the queue's condition (woken by adds or by the next due time), never by
 * sleeping. Tests do not use this class; they drive {@link Controller#processOne()} themselves.
 */
public final class ControllerRunner<K> implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ControllerRunner.class);

  private final Controller<K> controller;
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running;
  private boolean closed;

  public ControllerRunner(Controller<K> controller) {
    this.controller = controller;
  }

  /** Starts {@code workers} threads. */
  public synchronized void start(int workers) {
    if (closed) {
      throw new IllegalStateException("controller " + controller.name() + " was closed");
    }
    if (running) {
      return;
    }
    running = true;
    for (int i = 0; i < workers; i++) {
      Thread t = new Thread(this::loop, "berth-" + controller.name() + "-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

  private void loop() {
    while (running) {
      try {
        Optional<K> key = controller.queue().take(Duration.ofSeconds(1));
        key.ifPresent(controller::process);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        log.error("{}: worker loop error", controller.name(), e);
      }
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    running = false;
    controller.queue().shutdown();
    for (Thread t : threads) {
      try {
        t.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    threads.clear();
  }
}
