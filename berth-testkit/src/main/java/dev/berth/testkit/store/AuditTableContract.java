package dev.berth.testkit.store;

import static dev.berth.testkit.store.StoreSamples.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.store.AuditEntry;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.StoreTx;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link dev.berth.engine.store.AuditTable}: ids increasing, every field kept, oldest first, the
 * limit keeps the newest (or the first after {@code afterId}), filters, and entries that outlive
 * their environment.
 */
public interface AuditTableContract extends StoreFixture {

  private List<AuditEntry> list(String project, String environment, long after, int limit) {
    return store().read((StoreTx tx) -> tx.audit().list(project, environment, after, limit));
  }

  private AuditEntry append(String project, String environment, String summary) {
    return store()
        .write(
            (StoreTx tx) ->
                tx.audit()
                    .append(
                        AuditEntry.of(
                            at(1),
                            "alice (token admin)",
                            "scale",
                            new EnvironmentKey(project, environment),
                            summary)));
  }

  @Test
  default void appendKeepsEveryFieldWithIncreasingIds() {
    AuditEntry e = new AuditEntry(999, at(5), "ci (token deploy)", "apply", "lms", "prod", "v2");
    AuditEntry first = store().write((StoreTx tx) -> tx.audit().append(e));
    AuditEntry second = append("lms", "prod", "web: replicas 2 -> 4");

    assertThat(first.id()).isPositive().isNotEqualTo(999);
    assertThat(second.id()).isGreaterThan(first.id());
    assertThat(first)
        .isEqualTo(
            new AuditEntry(first.id(), at(5), "ci (token deploy)", "apply", "lms", "prod", "v2"));
    assertThat(list(null, null, 0, 0)).containsExactly(first, second);
  }

  @Test
  default void limitKeepsTheNewestAndAfterIdFollows() {
    for (int i = 1; i <= 5; i++) {
      append("lms", "prod", "s" + i);
    }
    assertThat(list(null, null, 0, 2)).extracting(AuditEntry::summary).containsExactly("s4", "s5");
    long second = list(null, null, 0, 0).get(1).id();
    assertThat(list(null, null, second, 2))
        .extracting(AuditEntry::summary)
        .containsExactly("s3", "s4");
  }

  @Test
  default void filtersByProjectAndEnvironmentAndOutlivesTheEnvironment() {
    EnvironmentKey prod = new EnvironmentKey("lms", "prod");
    seedEnvironments(prod);
    append("lms", "prod", "a");
    append("lms", "staging", "b");
    append("shop", "prod", "c");
    inWrite(tx -> tx.environments().delete(prod));

    assertThat(list("lms", null, 0, 0)).extracting(AuditEntry::summary).containsExactly("a", "b");
    assertThat(list("lms", "prod", 0, 0)).extracting(AuditEntry::summary).containsExactly("a");
    assertThat(list(null, null, 0, 0)).hasSize(3);
  }
}
