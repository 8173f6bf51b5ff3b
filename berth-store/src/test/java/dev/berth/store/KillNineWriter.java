package dev.berth.store;

import dev.berth.engine.store.Event;
import dev.berth.engine.store.EventQuery;
import dev.berth.engine.store.ReplicaRecord;
import dev.berth.engine.store.ServiceKey;
import dev.berth.engine.store.Store;
import dev.berth.engine.store.StoreTx;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The child process of {@link SqliteKillNineIT}: commits numbered transactions in a loop, each a
 * replica row and an event, and prints {@code committed N} after each commit returns. It continues
 * the numbering found in the store, and exits when its parent closes stdin (so it never outlives a
 * crashed test run).
 */
public final class KillNineWriter {
  static final ServiceKey KEY = new ServiceKey("kill9", "production", "writer");
  static final String TYPE = "Committed";
  private static final String PADDING = "x".repeat(6000);

  private KillNineWriter() {}

  public static void main(String[] args) throws Exception {
    Thread watchdog =
        new Thread(
            () -> {
              try (InputStream in = System.in) {
                while (in.read() >= 0) {
                  // keep reading until the parent goes away
                }
              } catch (IOException ignored) {
                // parent gone either way
              }
              Runtime.getRuntime().halt(3);
            });
    watchdog.setDaemon(true);
    watchdog.start();

    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    try (Store store = Stores.openSqlite(Path.of(args[0]))) {
      List<Event> last =
          store.read((StoreTx tx) -> tx.events().list(new EventQuery("kill9", null, null, 0, 1)));
      long next = last.isEmpty() ? 1 : Long.parseLong(last.get(0).message()) + 1;
      for (long n = next; n < next + 1_000_000; n++) {
        long counter = n;
        store.write(
            (StoreTx tx) -> {
              ReplicaRecord r =
                  ReplicaRecord.pending(
                      "r-" + counter, KEY, "hash", dev.berth.core.model.Resources.DEFAULT, at);
              tx.replicas().put(r.withPending("Padding", PADDING, at));
              return tx.events().append(Event.of(at, KEY, r.id(), TYPE, Long.toString(counter)));
            });
        System.out.println("committed " + counter);
        System.out.flush();
      }
    }
  }
}
