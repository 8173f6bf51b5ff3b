package dev.berth.engine.store;

import java.util.List;

/** The event log: append-only, ids increasing. */
public interface EventTable {
  /** Appends and returns the event with its assigned id. */
  Event append(Event event);

  /** Matching events, oldest first, at most {@code limit} (the most recent ones). */
  List<Event> list(EventQuery query);
}
