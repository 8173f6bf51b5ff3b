package dev.berth.runtime.local.internal.supervise;

/** Chooses the port a web replica listens on for one start. */
public interface PortAllocator {
  /** A port free right now on 127.0.0.1, different from {@code previous}. */
  int next(int previous);
}
