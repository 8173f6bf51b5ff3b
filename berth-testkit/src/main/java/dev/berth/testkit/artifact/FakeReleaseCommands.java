package dev.berth.testkit.artifact;

import dev.berth.engine.release.ReleaseCommands;
import dev.berth.engine.store.EnvironmentKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Release commands that run until the test says how they ended ({@link #succeed}, {@link #fail}),
 * synchronously on the test's thread: a deterministic stand-in for processes.
 */
public final class FakeReleaseCommands implements ReleaseCommands {
  private final Map<String, Consumer<Outcome>> pending = new LinkedHashMap<>();
  private final List<Run> started = new ArrayList<>();

  private static String id(EnvironmentKey env, long version) {
    return env + "/v" + version;
  }

  @Override
  public synchronized void start(Run run, Consumer<Outcome> done) {
    started.add(run);
    pending.put(id(run.env(), run.version()), done);
  }

  @Override
  public List<String> output(EnvironmentKey env, long version, int max) {
    return List.of();
  }

  /** Every run started so far, in order. */
  public synchronized List<Run> started() {
    return List.copyOf(started);
  }

  /** Whether the release's command was started and has not ended. */
  public synchronized boolean running(EnvironmentKey env, long version) {
    return pending.containsKey(id(env, version));
  }

  public void succeed(EnvironmentKey env, long version) {
    end(env, version, new Outcome(true, "", List.of("migrated")));
  }

  public void fail(EnvironmentKey env, long version, String reason, String... lastLines) {
    end(env, version, new Outcome(false, reason, List.of(lastLines)));
  }

  /** Succeeds every run still going; returns how many. */
  public int succeedAll() {
    List<String> ids;
    synchronized (this) {
      ids = new ArrayList<>(pending.keySet());
    }
    for (String id : ids) {
      Consumer<Outcome> done;
      synchronized (this) {
        done = pending.remove(id);
      }
      if (done != null) {
        done.accept(new Outcome(true, "", List.of()));
      }
    }
    return ids.size();
  }

  /** Forgets every run without reporting (a control plane that died while they ran). */
  public synchronized void forgetAll() {
    pending.clear();
  }

  private void end(EnvironmentKey env, long version, Outcome outcome) {
    Consumer<Outcome> done;
    synchronized (this) {
      done = pending.remove(id(env, version));
    }
    if (done == null) {
      throw new IllegalStateException("no release command of " + id(env, version) + " runs");
    }
    done.accept(outcome);
  }
}
