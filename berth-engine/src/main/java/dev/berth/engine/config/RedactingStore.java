package dev.berth.engine.config;

import dev.berth.engine.store.AuditEntry;
import dev.berth.engine.store.AuditTable;
import dev.berth.engine.store.Event;
import dev.berth.engine.store.EventQuery;
import dev.berth.engine.store.EventTable;
import dev.berth.engine.store.Store;
import dev.berth.engine.store.StoreTx;
import java.util.List;
import java.util.function.Function;

/**
 * The store as the control plane uses it: every event and audit entry passes the {@link Redactor}
 * on its way in, so no code path that appends one (an error message quoting a command, a release
 * command's last lines) can store a secret value. Everything else passes through unchanged.
 *
 * <p>A table added to {@link StoreTx} must be delegated here too: the compiler says so.
 */
public final class RedactingStore implements Store {
  private final Store inner;
  private final Redactor redactor;

  public RedactingStore(Store inner, Redactor redactor) {
    this.inner = inner;
    this.redactor = redactor;
  }

  @Override
  public <T> T read(Function<StoreTx, T> work) {
    return inner.read(tx -> work.apply(new Tx(tx)));
  }

  @Override
  public <T> T write(Function<StoreTx, T> work) {
    return inner.write(tx -> work.apply(new Tx(tx)));
  }

  @Override
  public void close() {
    inner.close();
  }

  /** The unwrapped store (for tests and tools that must see exactly what is stored). */
  public Store inner() {
    return inner;
  }

  private final class Tx extends dev.berth.engine.store.ForwardingStoreTx {

    Tx(StoreTx tx) {
      super(tx);
    }

    @Override
    public EventTable events() {
      EventTable events = tx.events();
      return new EventTable() {
        @Override
        public Event append(Event e) {
          return events.append(
              new Event(
                  e.id(),
                  e.at(),
                  e.project(),
                  e.environment(),
                  e.service(),
                  e.replica(),
                  e.type(),
                  redactor.redact(e.message())));
        }

        @Override
        public List<Event> list(EventQuery query) {
          return events.list(query);
        }
      };
    }

    @Override
    public AuditTable audit() {
      AuditTable audit = tx.audit();
      return new AuditTable() {
        @Override
        public AuditEntry append(AuditEntry e) {
          return audit.append(
              new AuditEntry(
                  e.id(),
                  e.at(),
                  e.actor(),
                  e.action(),
                  e.project(),
                  e.environment(),
                  redactor.redact(e.summary())));
        }

        @Override
        public List<AuditEntry> list(String project, String environment, long afterId, int limit) {
          return audit.list(project, environment, afterId, limit);
        }
      };
    }
  }
}
