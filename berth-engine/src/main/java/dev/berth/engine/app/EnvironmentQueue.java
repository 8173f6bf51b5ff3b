package dev.berth.engine.app;

import dev.berth.engine.store.EnvironmentKey;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Runs work on one environment one at a time, in the order it arrives (a fair lock per
 * environment). Applies go through it: each one validates against, stores over and publishes after
 * the one before it, so concurrent applies of one environment end with the last one applied, and
 * their events reach listeners in release order. Different environments do not wait for each other.
 *
 * <p>A lock stays in the map once made: one small object per environment ever applied.
 */
public final class EnvironmentQueue {
  private final ConcurrentHashMap<EnvironmentKey, ReentrantLock> locks = new ConcurrentHashMap<>();

  public <T> T run(EnvironmentKey key, Supplier<T> work) {
    ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock(true));
    lock.lock();
    try {
      return work.get();
    } finally {
      lock.unlock();
    }
  }
}
