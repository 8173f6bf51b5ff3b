package dev.berth.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

  @Test
  void keepsSaneIds() {
    for (String id :
        new String[] {
          "abc", "req-42.x_y:z", UUID.randomUUID().toString(), "YWJj+/=@", "a".repeat(128)
        }) {
      assertThat(RequestIds.resolve(id)).isEqualTo(id);
    }
  }

  @Test
  void replacesMissingEmptyLongOrUnsafeIds() {
    for (String id :
        new String[] {null, "", "a".repeat(129), "a b", "x\r\nSet-Cookie: y", "<s>", "é"}) {
      String resolved = RequestIds.resolve(id);
      assertThat(resolved).isNotEqualTo(id);
      assertThat(UUID.fromString(resolved).version()).isEqualTo(4);
    }
  }

  @Test
  void generatesDistinctVersion4Uuids() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      UUID id = UUID.fromString(RequestIds.generate());
      assertThat(id.version()).isEqualTo(4);
      assertThat(id.variant()).isEqualTo(2);
      ids.add(id.toString());
    }
    assertThat(ids).hasSize(10_000);
  }
}
