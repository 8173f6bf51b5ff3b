package dev.berth.engine.config;

import dev.berth.engine.store.AuditEntry;
import dev.berth.engine.store.AuditTable;
import dev.berth.engine.store.ConfigTable;
import dev.berth.engine.store.CronTable;
import dev.berth.engine.store.EnvironmentTable;
import dev.berth.engine.store.Event;
import dev.berth.engine.store.EventQuery;
import dev.berth.engine.store.EventTable;
import dev.berth.engine.store.ReleaseTable;
import dev.berth.engine.store.ReplicaTable;
import dev.berth.engine.store.RolloutTable;
import dev.berth.engine.store.ServiceTable;
import dev.berth.engine.store.Store;
import dev.berth.engine.store.StoreTx;
import dev.berth.engine.store.TokenTable;
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

  private final class Tx implements StoreTx {
    private final StoreTx tx;

    Tx(StoreTx tx) {
      this.tx = tx;
    }

    @Override
    public EnvironmentTable environments() {
      return tx.environments();
    }

    @Override
    public ServiceTable services() {
      return tx.services();
    }

    @Override
    public ReplicaTable replicas() {
      return tx.replicas();
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
    public TokenTable tokens() {
      return tx.tokens();
    }

    @Override
    public ReleaseTable releases() {
      return tx.releases();
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

    @Override
    public RolloutTable rollouts() {
      return tx.rollouts();
    }

    @Override
    public CronTable cron() {
      return tx.cron();
    }

    @Override
    public ConfigTable config() {
      return tx.config();
    }

    @Override
    public dev.berth.engine.store.LockTable locks() {
      return tx.locks();
    }

    @Override
    public dev.berth.engine.store.SerialTable serials() {
      return tx.serials();
    }

    @Override
    public dev.berth.engine.store.GitSourceTable gitSources() {
      return tx.gitSources();
    }

    @Override
    public dev.berth.engine.store.DeliveryTable deliveries() {
      return tx.deliveries();
    }

    @Override
    public dev.berth.engine.store.TokenPolicyTable tokenPolicies() {
      return tx.tokenPolicies();
    }
  }
}
