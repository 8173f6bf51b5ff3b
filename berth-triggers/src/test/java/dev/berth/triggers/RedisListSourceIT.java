package dev.berth.triggers;

import static dev.berth.triggers.Triggers.readOnce;
import static dev.berth.triggers.Triggers.trigger;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.autoscale.Reading;
import dev.berth.core.model.TriggerType;
import dev.berth.engine.autoscale.TriggerSource;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** Against the Redis on this machine (127.0.0.1:6379). */
class RedisListSourceIT {
  final String key = "berth-it-" + UUID.randomUUID();
  final Jedis redis = new Jedis("127.0.0.1", 6379);

  @AfterEach
  void clean() {
    redis.del(key);
    redis.close();
  }

  @Test
  void readsTheLengthOfAListAndFollowsIt() {
    for (int i = 0; i < 7; i++) {
      redis.rpush(key, "job" + i);
    }
    try (TriggerSource s =
        new TriggerAdapters()
            .open(
                trigger(TriggerType.REDIS_LIST, "address", "127.0.0.1:6379", "listName", key),
                Map.of())) {
      assertThat(s.read()).isEqualTo(Reading.of(7));
      redis.lpop(key, 3);
      assertThat(s.read()).as("the same connection, the new length").isEqualTo(Reading.of(4));
    }
  }

  @Test
  void aMissingKeyIsAnEmptyList() {
    assertThat(
            readOnce(
                trigger(TriggerType.REDIS_LIST, "address", "127.0.0.1:6379", "listName", key),
                Map.of()))
        .isEqualTo(Reading.of(0));
  }

  @Test
  void sortedSetsSetsAndHashesCountTheirMembers() {
    redis.zadd(key, 1, "a");
    redis.zadd(key, 2, "b");
    assertThat(
            readOnce(
                trigger(
                    TriggerType.REDIS_LIST, "host", "127.0.0.1", "port", "6379", "listName", key),
                Map.of()))
        .isEqualTo(Reading.of(2));
    redis.del(key);
    redis.hset(key, Map.of("a", "1", "b", "2", "c", "3"));
    assertThat(
            readOnce(
                trigger(TriggerType.REDIS_LIST, "addressFromEnv", "REDIS", "listName", key),
                Map.of("REDIS", "127.0.0.1:6379")))
        .isEqualTo(Reading.of(3));
  }

  @Test
  void aStringKeyIsAnError() {
    redis.set(key, "x");
    Reading r =
        readOnce(
            trigger(TriggerType.REDIS_LIST, "address", "127.0.0.1:6379", "listName", key),
            Map.of());
    assertThat(r.error())
        .isEqualTo("the key '" + key + "' holds a string, not a list, set, sorted set or hash");
  }

  @Test
  void aServerThatIsDownIsAnErrorNotACrash() {
    Reading r =
        readOnce(
            trigger(TriggerType.REDIS_LIST, "address", "127.0.0.1:1", "listName", key), Map.of());
    assertThat(r.error()).contains("JedisConnectionException");
  }

  @Test
  void refusedAuthenticationIsAnErrorWithoutThePassword() {
    Reading r =
        readOnce(
            trigger(
                TriggerType.REDIS_LIST,
                "address",
                "127.0.0.1:6379",
                "listName",
                key,
                "usernameFromEnv",
                "U",
                "passwordFromEnv",
                "P"),
            Map.of("U", "nobody", "P", "not-the-password"));
    assertThat(r.error()).containsAnyOf("WRONGPASS", "AUTH").doesNotContain("not-the-password");
  }

  @Test
  void anUnsetVariableIsAnError() {
    Reading r =
        readOnce(
            trigger(TriggerType.REDIS_LIST, "addressFromEnv", "REDIS", "listName", key), Map.of());
    assertThat(r.error())
        .startsWith("addressFromEnv names REDIS, which the service's environment does not set");
  }

  @Test
  void aSourceRecoversAfterAFailure() {
    redis.rpush(key, "a");
    try (TriggerSource s =
        new TriggerAdapters()
            .open(
                trigger(TriggerType.REDIS_LIST, "address", "127.0.0.1:6379", "listName", key),
                Map.of())) {
      assertThat(s.read()).isEqualTo(Reading.of(1));
      redis
          .clientList()
          .lines()
          .filter(l -> l.contains("name=berth-autoscaler"))
          .map(l -> l.replaceAll("^id=\\d+ addr=(\\S+) .*", "$1"))
          .forEach(redis::clientKill);
      Reading afterKill = s.read();
      assertThat(afterKill.error()).as("the killed connection fails once").isNotNull();
      assertThat(s.read()).as("then reconnects").isEqualTo(Reading.of(1));
    }
  }
}
