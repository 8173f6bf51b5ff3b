package dev.berth.kubernetes.internal;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hash of a service's environment variables that its pod template carries ({@code
 * berth.dev/config-hash}), so that a changed variable in the ConfigMap rolls the Deployment, as a
 * changed config var restarts dynos on Heroku.
 *
 * <p>Invariant: the Helm chart computes the same value in its templates ({@code berth.configHash}
 * in {@code _helpers.tpl}): keys in byte order (Go templates range over maps that way; variable
 * names are ASCII), each as {@code KEY=<UTF-8 length of value>:<value>\n} (length-prefixed, so two
 * different maps never give the same text), SHA-256, the first 16 hex digits.
 */
public final class ConfigHash {
  private ConfigHash() {}

  public static String of(Map<String, String> env) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
      b.append(e.getKey())
          .append('=')
          .append(e.getValue().getBytes(StandardCharsets.UTF_8).length)
          .append(':')
          .append(e.getValue())
          .append('\n');
    }
    return Meta.sha256Hex(b.toString()).substring(0, 16);
  }
}
