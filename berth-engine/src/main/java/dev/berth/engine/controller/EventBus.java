package dev.berth.engine.controller;

import dev.berth.engine.store.Event;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes stored events to in-process listeners (logs, live updates, later alerts). Events are
 * published only after the transaction that stored them committed, so a listener never sees an
 * event that a crash could take back. A failing listener is logged and does not affect others.
 */
public final class EventBus {
  private static final Logger log = LoggerFactory.getLogger(EventBus.class);
  private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();

  public void subscribe(Consumer<Event> listener) {
    listeners.add(listener);
  }

  public void publish(List<Event> events) {
    for (Event e : events) {
      for (Consumer<Event> l : listeners) {
        try {
          l.accept(e);
        } catch (RuntimeException ex) {
          log.warn("event listener failed on {}: {}", e.type(), ex.toString());
        }
      }
    }
  }
}
