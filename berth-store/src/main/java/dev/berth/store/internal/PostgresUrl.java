package dev.berth.store.internal;

import dev.berth.store.StoreException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A PostgreSQL address as a person types it, made into what the JDBC driver wants.
 *
 * <p>Accepts the libpq form {@code postgresql://user:password@host:port/database?options} (also
 * {@code postgres://}, several {@code host:port} separated by commas, {@code [ipv6]:port}) and the
 * JDBC form {@code jdbc:postgresql://host:port/database?user=..&password=..}. User and password are
 * percent-decoded and kept out of {@link #jdbcUrl()} and {@link #display()}, so neither can leak
 * into a message or a log. The option {@code schema} or {@code currentSchema} names the schema for
 * Berth's tables. libpq's {@code connect_timeout} and {@code application_name} are renamed to the
 * driver's spelling; other options pass through; {@code connectTimeout} defaults to 10 seconds.
 *
 * @param hosts {@code host:port} entries, at least one
 * @param database database name, or empty for the driver's default
 * @param user user name, or {@code null} for the driver's default
 * @param password password, or {@code null}
 * @param schema schema for Berth's tables, or {@code null} for the default ({@code public})
 * @param options driver options, without user, password and schema
 */
public record PostgresUrl(
    List<String> hosts,
    String database,
    String user,
    String password,
    String schema,
    Map<String, String> options) {

  private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final String USAGE =
      "use postgresql://user:password@host:5432/database; check --database";

  public PostgresUrl {
    hosts = List.copyOf(hosts);
    options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
  }

  /** Parses {@code url}, or throws {@link StoreException} saying what is wrong with it. */
  public static PostgresUrl parse(String url) {
    String s = url == null ? "" : url.strip();
    if (s.startsWith("jdbc:")) {
      s = s.substring("jdbc:".length());
    }
    String rest;
    if (s.startsWith("postgresql://")) {
      rest = s.substring("postgresql://".length());
    } else if (s.startsWith("postgres://")) {
      rest = s.substring("postgres://".length());
    } else {
      throw new StoreException("not a PostgreSQL URL: '" + maskUserInfo(s) + "'; " + USAGE);
    }
    int q = rest.indexOf('?');
    String head = q < 0 ? rest : rest.substring(0, q);
    String query = q < 0 ? "" : rest.substring(q + 1);
    int at = head.lastIndexOf('@');
    String userInfo = at < 0 ? null : head.substring(0, at);
    String hostAndPath = head.substring(at + 1);
    int slash = hostAndPath.indexOf('/');
    String hostPart = slash < 0 ? hostAndPath : hostAndPath.substring(0, slash);
    String database = slash < 0 ? "" : decode(hostAndPath.substring(slash + 1));

    String user = null;
    String password = null;
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
      password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
    }

    Map<String, String> options = new LinkedHashMap<>();
    String schema = null;
    for (String pair : query.isEmpty() ? new String[0] : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      switch (key) {
        case "user" -> user = value;
        case "password" -> password = value;
        case "schema", "currentSchema" -> schema = value;
        case "dbname" -> database = value;
        case "host" -> hostPart = hostPart.isEmpty() ? value : hostPart;
        case "connect_timeout" -> options.put("connectTimeout", value);
        case "application_name" -> options.put("ApplicationName", value);
        default -> options.put(key, value);
      }
    }
    options.putIfAbsent("connectTimeout", "10");
    if (schema != null && !SCHEMA.matcher(schema).matches()) {
      throw new StoreException(
          "invalid schema '"
              + schema
              + "' in the database URL: use lower-case letters, digits and '_'; check --database");
    }
    return new PostgresUrl(
        parseHosts(hostPart, options.remove("port")), database, user, password, schema, options);
  }

  /** {@code jdbc:postgresql://hosts/database?options}, without user and password. */
  public String jdbcUrl() {
    StringBuilder sb =
        new StringBuilder("jdbc:postgresql://")
            .append(String.join(",", hosts))
            .append('/')
            .append(URLEncoder.encode(database, StandardCharsets.UTF_8));
    char sep = '?';
    Map<String, String> all = new LinkedHashMap<>(options);
    if (schema != null) {
      all.put("currentSchema", schema);
    }
    for (Map.Entry<String, String> e : all.entrySet()) {
      sb.append(sep)
          .append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
      sep = '&';
    }
    return sb.toString();
  }

  /** {@code host:port/database}: what messages show. */
  public String display() {
    return String.join(",", hosts) + "/" + database;
  }

  private static List<String> parseHosts(String hostPart, String portOption) {
    List<String> hosts = new ArrayList<>();
    String defaultPort = portOption == null || portOption.isEmpty() ? "5432" : portOption;
    for (String h : hostPart.isEmpty() ? new String[] {""} : hostPart.split(",")) {
      String host;
      String port;
      if (h.startsWith("[")) {
        int close = h.indexOf(']');
        if (close < 0) {
          throw new StoreException("unclosed '[' in host '" + h + "'; " + USAGE);
        }
        host = h.substring(0, close + 1);
        port = h.length() > close + 2 && h.charAt(close + 1) == ':' ? h.substring(close + 2) : "";
      } else {
        int colon = h.lastIndexOf(':');
        host = colon < 0 ? h : h.substring(0, colon);
        port = colon < 0 ? "" : h.substring(colon + 1);
      }
      host = decode(host);
      if (host.isEmpty()) {
        host = "localhost";
      }
      if (port.isEmpty()) {
        port = defaultPort;
      }
      if (!port.chars().allMatch(Character::isDigit)
          || port.length() > 5
          || Integer.parseInt(port) < 1
          || Integer.parseInt(port) > 65535) {
        throw new StoreException("invalid port '" + port + "' in the database URL; " + USAGE);
      }
      hosts.add(host + ":" + port);
    }
    return hosts;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new StoreException("bad %-escape in the database URL; " + USAGE);
    }
  }

  private static String maskUserInfo(String s) {
    int scheme = s.indexOf("://");
    int at = s.lastIndexOf('@');
    return scheme >= 0 && at > scheme
        ? s.substring(0, scheme + 3) + "***@" + s.substring(at + 1)
        : s;
  }

  @Override
  public String toString() {
    return "PostgresUrl[" + display() + ", user=" + user + ", schema=" + schema + "]";
  }
}
