package dev.berth.testkit.autoscale;

import dev.berth.core.autoscale.Reading;
import dev.berth.engine.autoscale.TriggerSource;

/** A metric source whose reading a test sets; counts reads and closes. */
public final class FakeTriggerSource implements TriggerSource {
  private volatile Reading next = Reading.of(0);
  private volatile int reads;
  private volatile boolean closed;

  /** The value every following read returns. */
  public FakeTriggerSource set(double value) {
    next = Reading.of(value);
    return this;
  }

  /** Every following read fails with {@code why}. */
  public FakeTriggerSource fail(String why) {
    next = Reading.error(why);
    return this;
  }

  @Override
  public Reading read() {
    reads++;
    return next;
  }

  @Override
  public void close() {
    closed = true;
  }

  public int reads() {
    return reads;
  }

  public boolean closed() {
    return closed;
  }
}
