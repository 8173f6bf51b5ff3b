package dev.berth.triggers;

import dev.berth.engine.autoscale.TriggerConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * {@code redis-list}: the length of the key {@code listName}, as KEDA's redis scaler reads it
 * ({@code LLEN}), and also of a sorted set, set or hash under that key ({@code ZCARD}, {@code
 * SCARD}, {@code HLEN}); a key that does not exist has length 0 (an empty list). Parameters as
 * KEDA: {@code address} ({@code host:port}) or {@code host} + {@code port}, {@code username},
 * {@code password}, {@code databaseIndex}, {@code enableTLS}.
 */
final class RedisListSource extends GuardedSource {
  private Jedis jedis;

  RedisListSource(TriggerConfig config) {
    super(config);
  }

  @Override
  double measure() throws Exception {
    if (jedis == null) {
      jedis = connect();
    }
    String key = config.get("listName");
    String type = jedis.type(key);
    return switch (type) {
      case "list" -> jedis.llen(key);
      case "zset" -> jedis.zcard(key);
      case "set" -> jedis.scard(key);
      case "hash" -> jedis.hlen(key);
      case "none" -> 0;
      default ->
          throw new BadMetricException(
              "the key '" + key + "' holds a " + type + ", not a list, set, sorted set or hash");
    };
  }

  private Jedis connect() throws BadMetricException {
    HostAndPort at = hostAndPort();
    DefaultJedisClientConfig.Builder c =
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis((int) CONNECT_TIMEOUT.toMillis())
            .socketTimeoutMillis((int) READ_TIMEOUT.toMillis())
            .database(Integer.parseInt(config.get("databaseIndex", "0")))
            .ssl(Boolean.parseBoolean(config.get("enableTLS", "false")))
            .clientName("berth-autoscaler")
            .autoNegotiateProtocol(false); // RESP2: lengths need nothing newer, and no warning
    String user = config.get("username");
    String password = config.get("password");
    if (user != null) {
      c.user(user);
    }
    if (password != null) {
      c.password(password);
    }
    Jedis j = new Jedis(at, c.build());
    try {
      j.ping(); // connects, authenticates and selects the database now, so errors say so
    } catch (RuntimeException e) {
      j.close();
      throw e;
    }
    return j;
  }

  private HostAndPort hostAndPort() throws BadMetricException {
    String address = config.get("address");
    String host = address;
    String port = null;
    if (address == null) {
      host = config.get("host");
      port = config.get("port", "6379");
    } else {
      int colon = address.lastIndexOf(':');
      if (colon > 0) {
        host = address.substring(0, colon);
        port = address.substring(colon + 1);
      } else {
        port = "6379";
      }
    }
    try {
      return new HostAndPort(host, Integer.parseInt(port.strip()));
    } catch (NumberFormatException e) {
      throw new BadMetricException(
          "'" + port + "' is not a port number (write address: host:6379)");
    }
  }

  @Override
  void disconnect() {
    Jedis j = jedis;
    jedis = null;
    if (j != null) {
      try {
        j.close();
      } catch (RuntimeException ignored) {
        // already broken
      }
    }
  }
}
