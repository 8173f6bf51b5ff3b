package dev.berth.runtime.local.internal.logs;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One read-write lock per replica log: rotation (shifting files, truncating the live one, rewriting
 * the layout) holds the write lock; readers hold the read lock only while they read the layout and
 * open the files and the index, so they never see files half-shifted, and scan the opened files
 * after releasing it (see {@code LogReader#withSegments} for why that is safe).
 */
public final class LogLocks {
  private final ConcurrentHashMap<String, ReadWriteLock> locks = new ConcurrentHashMap<>();

  public ReadWriteLock of(String replicaId) {
    return locks.computeIfAbsent(replicaId, k -> new ReentrantReadWriteLock());
  }
}
