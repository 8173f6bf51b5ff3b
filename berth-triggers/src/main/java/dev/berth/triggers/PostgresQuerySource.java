package dev.berth.triggers;

import dev.berth.engine.autoscale.TriggerConfig;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * {@code postgresql}: the number in the first column of the first row of {@code query}, on a
 * read-only connection with a statement timeout. Connection as KEDA: {@code connection} (a libpq
 * connection string from the environment: a {@code postgresql://} URL or {@code key=value} pairs),
 * or {@code host}, {@code port}, {@code userName}, {@code dbName}, {@code sslmode}, {@code
 * password}.
 *
 * <p>A query that returns no row, NULL or text that is not a number is a trigger error naming what
 * came back.
 */
final class PostgresQuerySource extends GuardedSource {
  private Connection connection;

  PostgresQuerySource(TriggerConfig config) {
    super(config);
  }

  @Override
  double measure() throws Exception {
    if (connection == null || connection.isClosed()) {
      connection = connect();
    }
    try (Statement st = connection.createStatement()) {
      st.setQueryTimeout((int) READ_TIMEOUT.toSeconds());
      try (ResultSet rs = st.executeQuery(config.get("query"))) {
        if (!rs.next()) {
          throw new BadMetricException("the query returned no row (it should return one number)");
        }
        Object v = rs.getObject(1);
        if (v == null) {
          throw new BadMetricException(
              "the query returned NULL (use coalesce(..., 0) if none means zero)");
        }
        if (v instanceof Number n) {
          return n.doubleValue();
        }
        try {
          return Double.parseDouble(v.toString().strip());
        } catch (NumberFormatException e) {
          String text = v.toString();
          throw new BadMetricException(
              "the query returned '"
                  + (text.length() > 40 ? text.substring(0, 40) + "..." : text)
                  + "', not a number");
        }
      }
    }
  }

  private Connection connect() throws Exception {
    Map<String, String> p = parameters();
    String url =
        "jdbc:postgresql://"
            + p.getOrDefault("host", "localhost")
            + ":"
            + p.getOrDefault("port", "5432")
            + "/"
            + p.getOrDefault("dbname", "");
    Properties props = new Properties();
    put(props, "user", p.get("user"));
    put(props, "password", p.get("password"));
    put(props, "sslmode", p.get("sslmode"));
    props.setProperty("connectTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
    props.setProperty("loginTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
    props.setProperty("socketTimeout", Long.toString(READ_TIMEOUT.toSeconds() + 1));
    props.setProperty("ApplicationName", "berth-autoscaler");
    props.setProperty("readOnly", "true");
    props.setProperty(
        "readOnlyMode", "always"); // read-only in autocommit too: a query never writes
    Connection c = DriverManager.getConnection(url, props);
    c.setReadOnly(true);
    return c;
  }

  /** libpq's parameter names, from the connection string or the separate parameters. */
  private Map<String, String> parameters() throws BadMetricException {
    Map<String, String> p = new LinkedHashMap<>();
    String conn = config.get("connection");
    if (conn == null) {
      p.put("host", config.get("host"));
      p.put("port", config.get("port", "5432"));
      p.put("user", config.get("userName"));
      p.put("dbname", config.get("dbName"));
      p.put("sslmode", config.get("sslmode"));
      p.put("password", config.get("password"));
      p.values().removeIf(v -> v == null);
      return p;
    }
    String c = conn.strip();
    if (c.startsWith("postgres://") || c.startsWith("postgresql://")) {
      URI u;
      try {
        u = URI.create(c);
      } catch (IllegalArgumentException e) {
        throw new BadMetricException("the connection string is not a valid postgresql:// URL");
      }
      if (u.getHost() != null) {
        p.put("host", u.getHost());
      }
      if (u.getPort() > 0) {
        p.put("port", Integer.toString(u.getPort()));
      }
      String info = u.getRawUserInfo();
      if (info != null) {
        int colon = info.indexOf(':');
        p.put("user", decode(colon < 0 ? info : info.substring(0, colon)));
        if (colon >= 0) {
          p.put("password", decode(info.substring(colon + 1)));
        }
      }
      String path = u.getPath();
      if (path != null && path.length() > 1) {
        p.put("dbname", path.substring(1));
      }
      if (u.getRawQuery() != null) {
        for (String kv : u.getRawQuery().split("&")) {
          int eq = kv.indexOf('=');
          if (eq > 0) {
            p.put(decode(kv.substring(0, eq)), decode(kv.substring(eq + 1)));
          }
        }
      }
      return p;
    }
    for (String kv : c.split("\\s+")) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new BadMetricException(
            "the connection string is neither a postgresql:// URL nor key=value pairs");
      }
      p.put(kv.substring(0, eq), kv.substring(eq + 1).replaceAll("^'(.*)'$", "$1"));
    }
    return p;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static void put(Properties props, String key, String value) {
    if (value != null) {
      props.setProperty(key, value);
    }
  }

  @Override
  void disconnect() {
    Connection c = connection;
    connection = null;
    if (c != null) {
      try {
        c.close();
      } catch (Exception ignored) {
        // already gone
      }
    }
  }
}
