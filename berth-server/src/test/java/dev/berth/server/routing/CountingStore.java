package dev.berth.server.routing;

import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.EnvironmentRecord;
import dev.berth.engine.store.EnvironmentTable;
import dev.berth.engine.store.NodeUsage;
import dev.berth.engine.store.ReplicaRecord;
import dev.berth.engine.store.ReplicaTable;
import dev.berth.engine.store.ServiceKey;
import dev.berth.engine.store.ServiceRecord;
import dev.berth.engine.store.ServiceTable;
import dev.berth.engine.store.Store;
import dev.berth.engine.store.StoreTx;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A store that counts the records its reads return (environments, services and replicas): the work
 * a reader does, independent of how fast the machine is.
 */
final class CountingStore implements Store {
  private final Store delegate;
  private long recordsRead;

  CountingStore(Store delegate) {
    this.delegate = delegate;
  }

  /** Records returned by reads since the last call, then starts counting afresh. */
  synchronized long takeRecordsRead() {
    long n = recordsRead;
    recordsRead = 0;
    return n;
  }

  private synchronized <T> List<T> count(List<T> records) {
    recordsRead += records.size();
    return records;
  }

  private synchronized <T> Optional<T> count(Optional<T> record) {
    recordsRead += record.isPresent() ? 1 : 0;
    return record;
  }

  @Override
  public <T> T read(Function<StoreTx, T> work) {
    return delegate.read(tx -> work.apply(new Tx(tx)));
  }

  @Override
  public <T> T write(Function<StoreTx, T> work) {
    return delegate.write(work);
  }

  @Override
  public void close() {
    delegate.close();
  }

  private final class Tx extends dev.berth.engine.store.ForwardingStoreTx {

    Tx(StoreTx tx) {
      super(tx);
    }

    @Override
    public EnvironmentTable environments() {
      EnvironmentTable t = tx.environments();
      return new EnvironmentTable() {
        @Override
        public Optional<EnvironmentRecord> get(EnvironmentKey key) {
          return count(t.get(key));
        }

        @Override
        public List<EnvironmentRecord> list() {
          return count(t.list());
        }

        @Override
        public Optional<String> sourceDir(EnvironmentKey key) {
          return t.sourceDir(key);
        }

        @Override
        public void put(EnvironmentRecord record) {
          throw new UnsupportedOperationException("read only");
        }

        @Override
        public void delete(EnvironmentKey key) {
          throw new UnsupportedOperationException("read only");
        }
      };
    }

    @Override
    public ServiceTable services() {
      ServiceTable t = tx.services();
      return new ServiceTable() {
        @Override
        public Optional<ServiceRecord> get(ServiceKey key) {
          return count(t.get(key));
        }

        @Override
        public List<ServiceRecord> list(EnvironmentKey env) {
          return count(t.list(env));
        }

        @Override
        public void put(ServiceRecord record) {
          throw new UnsupportedOperationException("read only");
        }

        @Override
        public void delete(ServiceKey key) {
          throw new UnsupportedOperationException("read only");
        }
      };
    }

    @Override
    public ReplicaTable replicas() {
      ReplicaTable t = tx.replicas();
      return new ReplicaTable() {
        @Override
        public Optional<ReplicaRecord> get(String id) {
          return count(t.get(id));
        }

        @Override
        public List<ReplicaRecord> list(ServiceKey key) {
          return count(t.list(key));
        }

        @Override
        public List<ReplicaRecord> list(EnvironmentKey env) {
          return count(t.list(env));
        }

        @Override
        public List<ReplicaRecord> all() {
          return count(t.all());
        }

        @Override
        public NodeUsage usage(String node) {
          return t.usage(node);
        }

        @Override
        public void put(ReplicaRecord record) {
          throw new UnsupportedOperationException("read only");
        }

        @Override
        public void delete(String id) {
          throw new UnsupportedOperationException("read only");
        }
      };
    }
  }
}
