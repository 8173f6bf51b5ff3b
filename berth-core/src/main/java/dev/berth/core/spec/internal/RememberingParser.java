package dev.berth.core.spec.internal;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.parser.Parser;

/**
 * A SnakeYAML {@link Parser} that remembers the last event it handed out.
 *
 * <p>Why: the composer can fail with a plain {@link IllegalArgumentException} rather than a marked
 * exception (for example a tag such as {@code !<%20a>}, whose decoded leading space {@code Tag}
 * refuses) after it has taken the event it could not use. Keeping that event lets {@link
 * YamlLoader} say where the problem is instead of failing without a position.
 */
final class RememberingParser implements Parser {

  private final Parser delegate;
  private Event last;

  RememberingParser(Parser delegate) {
    this.delegate = delegate;
  }

  /** Where the last event handed out starts, or {@code null} before the first one. */
  Mark lastMark() {
    return last == null ? null : last.getStartMark();
  }

  @Override
  public boolean checkEvent(Event.ID choice) {
    return delegate.checkEvent(choice);
  }

  @Override
  public Event peekEvent() {
    return delegate.peekEvent();
  }

  @Override
  public Event getEvent() {
    last = delegate.getEvent();
    return last;
  }
}
