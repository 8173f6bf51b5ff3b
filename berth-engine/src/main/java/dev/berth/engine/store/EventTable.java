package dev.berth.engine.store;

import java.util.List;

/** The event log: append-only, ids increasing. */
public interface EventTable {
  /** Appends and returns the event with its assigned id. */
  Event append(Event event);

  /**
   * Matching events, oldest first, at most {@code limit} ({@code <= 0}: all): the most recent ones,
   * or with {@code afterId > 0} the first ones after it, so a follower paging forward never skips
   * an event.
   */
  List<Event> list(EventQuery query);
}
