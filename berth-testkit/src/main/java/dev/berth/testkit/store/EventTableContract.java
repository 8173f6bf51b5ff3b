package dev.berth.testkit.store;

import static dev.berth.testkit.store.StoreSamples.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.Event;
import dev.berth.engine.store.EventQuery;
import dev.berth.engine.store.ServiceKey;
import dev.berth.engine.store.StoreTx;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link dev.berth.engine.store.EventTable}: ids assigned increasing, oldest first, {@code limit}
 * keeps the most recent (without {@code afterId}) or the oldest after it (with), {@code afterId},
 * and the project/environment/service filters. A {@code limit} of zero or less means no limit.
 */
public interface EventTableContract extends StoreFixture {

  @Test
  default void appendAssignsIncreasingIdsAndKeepsEveryField() {
    Event first = new Event(0, at(1), "lms", "production", "web", "web-1", "ReplicaReady", "ok");
    Event second = new Event(0, at(2), "", "", "", "", "ServerStarted", "");
    Event[] stored = new Event[2];
    inWrite(
        tx -> {
          stored[0] = tx.events().append(first);
          stored[1] = tx.events().append(second);
        });

    assertThat(stored[0].id()).isPositive();
    assertThat(stored[1].id()).isGreaterThan(stored[0].id());
    assertThat(stored[0]).isEqualTo(withId(first, stored[0].id()));
    assertThat(stored[1]).isEqualTo(withId(second, stored[1].id()));
    assertThat(all()).containsExactly(stored[0], stored[1]);
  }

  @Test
  default void appendIgnoresAnIdTheCallerSet() {
    Event e = new Event(12345, at(1), "lms", "", "", "", "Applied", "");
    Event stored = store().write((StoreTx tx) -> tx.events().append(e));
    Event next = store().write((StoreTx tx) -> tx.events().append(e));

    assertThat(stored.id()).isNotEqualTo(12345);
    assertThat(next.id()).isGreaterThan(stored.id());
  }

  @Test
  default void idsKeepIncreasingAcrossTransactions() {
    long previous = 0;
    for (int i = 0; i < 5; i++) {
      long id = appendOne("lms", "production", "web", "n" + i).id();
      assertThat(id).isGreaterThan(previous);
      previous = id;
    }
    assertThat(all()).extracting(Event::message).containsExactly("n0", "n1", "n2", "n3", "n4");
  }

  @Test
  default void limitKeepsTheMostRecentOldestFirst() {
    for (int i = 1; i <= 5; i++) {
      appendOne("lms", "production", "web", "e" + i);
    }

    List<Event> last2 = list(new EventQuery(null, null, null, 0, 2));
    assertThat(last2).extracting(Event::message).containsExactly("e4", "e5");
    assertThat(list(new EventQuery(null, null, null, 0, 50))).hasSize(5);
    assertThat(list(new EventQuery(null, null, null, 0, 0))).hasSize(5);
    assertThat(list(new EventQuery(null, null, null, 0, -1))).hasSize(5);
  }

  @Test
  default void afterIdReturnsOnlyLaterEvents() {
    Event e1 = appendOne("lms", "production", "web", "e1");
    appendOne("lms", "production", "web", "e2");
    Event e3 = appendOne("lms", "production", "web", "e3");
    appendOne("lms", "production", "web", "e4");

    assertThat(list(new EventQuery(null, null, null, e1.id(), 0)))
        .extracting(Event::message)
        .containsExactly("e2", "e3", "e4");
    // following: the oldest after the id, so paging forward never skips one
    assertThat(list(new EventQuery(null, null, null, e1.id(), 2)))
        .extracting(Event::message)
        .containsExactly("e2", "e3");
    assertThat(list(new EventQuery(null, null, null, e3.id() + 1, 0))).isEmpty();
  }

  @Test
  default void filtersSelectProjectEnvironmentAndService() {
    appendOne("lms", "production", "web", "lms-prod-web");
    appendOne("lms", "production", "worker", "lms-prod-worker");
    appendOne("lms", "staging", "web", "lms-staging-web");
    appendOne("shop", "production", "web", "shop-prod-web");
    appendOne("", "", "", "platform");
    appendOne("lms", "production", "", "lms-prod");

    assertThat(messages(new EventQuery("lms", null, null, 0, 0)))
        .containsExactly("lms-prod-web", "lms-prod-worker", "lms-staging-web", "lms-prod");
    assertThat(messages(new EventQuery("lms", "production", null, 0, 0)))
        .containsExactly("lms-prod-web", "lms-prod-worker", "lms-prod");
    assertThat(messages(new EventQuery("lms", "production", "web", 0, 0)))
        .containsExactly("lms-prod-web");
    assertThat(messages(new EventQuery("lms", "production", "web", 0, 1)))
        .containsExactly("lms-prod-web");
    assertThat(messages(new EventQuery("nope", null, null, 0, 0))).isEmpty();
    assertThat(messages(new EventQuery(null, null, null, 0, 0))).hasSize(6);
  }

  @Test
  default void limitAppliesAfterTheFilters() {
    for (int i = 1; i <= 3; i++) {
      appendOne("lms", "production", "web", "web" + i);
      appendOne("shop", "production", "web", "shop" + i);
    }

    assertThat(messages(new EventQuery("lms", null, null, 0, 2))).containsExactly("web2", "web3");
  }

  @Test
  default void eventFactoriesRoundTrip() {
    ServiceKey web = new ServiceKey("lms", "production", "web");
    Event a =
        store()
            .write(
                (StoreTx tx) -> tx.events().append(Event.of(at(5), web, "web-1", "Started", "x")));
    Event b =
        store()
            .write(
                (StoreTx tx) ->
                    tx.events()
                        .append(
                            Event.of(
                                at(6), new EnvironmentKey("lms", "production"), "Applied", "y")));

    assertThat(all()).containsExactly(a, b);
    assertThat(b.service()).isEmpty();
    assertThat(b.replica()).isEmpty();
  }

  @Test
  default void anEmptyLogListsNothing() {
    assertThat(all()).isEmpty();
    assertThat(list(new EventQuery("lms", "production", "web", 0, 10))).isEmpty();
  }

  private Event appendOne(String project, String env, String service, String message) {
    return store()
        .write(
            (StoreTx tx) ->
                tx.events()
                    .append(new Event(0, at(1), project, env, service, "", "Test", message)));
  }

  private List<Event> all() {
    return list(new EventQuery(null, null, null, 0, 0));
  }

  private List<Event> list(EventQuery q) {
    return store().read((StoreTx tx) -> tx.events().list(q));
  }

  private List<String> messages(EventQuery q) {
    return list(q).stream().map(Event::message).toList();
  }

  private static Event withId(Event e, long id) {
    return new Event(
        id, e.at(), e.project(), e.environment(), e.service(), e.replica(), e.type(), e.message());
  }
}
