package dev.berth.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.config.RedactingStore;
import dev.berth.engine.config.Redactor;
import dev.berth.engine.store.AuditEntry;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.Event;
import dev.berth.engine.store.EventQuery;
import dev.berth.engine.store.Store;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Events and audit entries pass the redactor on their way into the store; nothing else changes. */
class RedactingStoreTest {
  @Test
  void eventsAndAuditEntriesAreStoredWithoutTheSecret() {
    Redactor redactor = new Redactor();
    redactor.add("store-s3cret");
    InMemoryStore inner = new InMemoryStore();
    Store store = new RedactingStore(inner, redactor);
    EnvironmentKey env = new EnvironmentKey("shop", "production");
    Instant t = Instant.parse("2026-12-03T12:00:00Z");

    Event e =
        store.write(tx -> tx.events().append(Event.of(t, env, "Planted", "x store-s3cret y")));
    store.write(tx -> tx.audit().append(AuditEntry.of(t, "alice", "apply", env, "store-s3cret")));

    assertThat(e.message()).isEqualTo("x (sensitive) y");
    java.util.List<Event> events =
        inner.read(tx -> tx.events().list(new EventQuery(null, null, null, 0, 10)));
    java.util.List<AuditEntry> audit = inner.read(tx -> tx.audit().list(null, null, 0, 10));
    assertThat(events)
        .singleElement()
        .satisfies(s -> assertThat(s.message()).isEqualTo("x (sensitive) y"));
    assertThat(audit)
        .singleElement()
        .satisfies(s -> assertThat(s.summary()).isEqualTo("(sensitive)"));
  }
}
