package dev.berth.runtime.local.internal.supervise;

import dev.berth.runtime.local.internal.proc.Usage;
import java.util.List;
import java.util.Map;

/** Reads CPU and memory of several replica runs at once (one pass over /proc for all). */
public interface UsageReader {
  /** Usage by replica id; a replica missing from the result could not be sampled. */
  Map<String, Usage> read(List<UsageTarget> targets);
}
