package dev.berth.engine.autoscale;

import dev.berth.core.autoscale.Reading;

/**
 * The port to one trigger's metric: a Redis list's length, a queue's depth, a query's number. The
 * autoscaler reads every trigger of a service each {@code pollingInterval} and hands the readings
 * to {@link dev.berth.core.autoscale.AutoscaleDecision}.
 *
 * <p>Contract: {@link #read()} never throws and never blocks much longer than the source's timeout
 * (a few seconds): a broker that is down, refuses authentication, times out or answers with
 * something that is not a number gives {@link Reading#error}, with a message that says what failed
 * and never holds a secret. A source keeps its connection between reads and reconnects after a
 * failure. A source is read by one poller at a time (it is not thread-safe). Real sources live in
 * {@code berth-triggers}; a fake in {@code berth-testkit}.
 */
public interface TriggerSource extends AutoCloseable {

  /** The metric now, or why there is none. */
  Reading read();

  /** Releases the connection; reading again reconnects. Never throws. */
  @Override
  default void close() {}
}
