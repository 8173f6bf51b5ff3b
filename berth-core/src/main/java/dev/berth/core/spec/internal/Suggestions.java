package dev.berth.core.spec.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * "Did you mean ...?" for misspelt keys and names: edit distance (with transpositions), ignoring
 * case, plus a few words people bring from other platforms ({@code cmd}, {@code instances}).
 *
 * <p>Invariant: only candidates from the given collection are ever suggested.
 */
public final class Suggestions {

  private static final Map<String, String> SYNONYMS =
      Map.ofEntries(
          Map.entry("cmd", "command"),
          Map.entry("run", "command"),
          Map.entry("instances", "replicas"),
          Map.entry("scale", "replicas"),
          Map.entry("count", "replicas"),
          Map.entry("environment", "env"),
          Map.entry("vars", "env"),
          Map.entry("variables", "env"),
          Map.entry("config", "env"),
          Map.entry("cron", "schedule"),
          Map.entry("crontab", "schedule"),
          Map.entry("tz", "timezone"),
          Map.entry("zone", "timezone"),
          Map.entry("healthcheck", "health"),
          Map.entry("health_check", "health"),
          Map.entry("probe", "health"),
          Map.entry("readiness", "health"),
          Map.entry("limits", "resources"),
          Map.entry("requests", "resources"),
          Map.entry("mem", "memory"),
          Map.entry("ram", "memory"),
          Map.entry("kind", "type"),
          Map.entry("path", "http"),
          Map.entry("url", "http"),
          Map.entry("containerport", "port"),
          Map.entry("autoscaling", "autoscale"),
          Map.entry("name", "project"),
          Map.entry("app", "project"),
          Map.entry("processes", "services"),
          Map.entry("stages", "environments"),
          Map.entry("envs", "environments"));

  private Suggestions() {}

  /**
   * Up to three candidates close to {@code word}: a known synonym first, then the candidates at the
   * smallest edit distance (being a prefix, or sharing the first half and at least four letters,
   * counts as close).
   */
  public static List<String> closest(String word, Collection<String> candidates) {
    String w = word.toLowerCase(Locale.ROOT);
    String synonym = SYNONYMS.get(w);
    List<String> out = new ArrayList<>();
    if (synonym != null && candidates.contains(synonym)) {
      out.add(synonym);
    }
    int threshold = Math.max(1, Math.min(3, w.length() / 3));
    List<Map.Entry<String, Integer>> scored = new ArrayList<>();
    for (String c : candidates) {
      String lc = c.toLowerCase(Locale.ROOT);
      int d = distance(w, lc);
      boolean prefix =
          w.length() >= 3 && (lc.startsWith(w) || w.startsWith(lc))
              || commonPrefix(w, lc) >= Math.max(4, (w.length() + 1) / 2);
      if (d <= threshold || prefix) {
        scored.add(Map.entry(c, prefix ? Math.min(d, threshold) : d));
      }
    }
    scored.sort(Comparator.comparingInt(Map.Entry::getValue));
    for (Map.Entry<String, Integer> e : scored) {
      boolean asClose = out.isEmpty() || e.getValue() <= scored.get(0).getValue();
      if (asClose && !out.contains(e.getKey()) && out.size() < 3) {
        out.add(e.getKey());
      }
    }
    return out;
  }

  /**
   * {@code did you mean 'replicas'?}, or {@code otherwise} when nothing is close.
   *
   * @param otherwise the hint to give when no candidate is close, e.g. the list of allowed keys
   */
  public static String didYouMean(String word, Collection<String> candidates, String otherwise) {
    List<String> close = closest(word, candidates);
    if (close.isEmpty()) {
      return otherwise;
    }
    return "did you mean " + quotedList(close, "or") + "?";
  }

  /** {@code 'a', 'b' or 'c'}. */
  public static String quotedList(Collection<String> items, String conjunction) {
    List<String> q = items.stream().map(s -> "'" + s + "'").toList();
    if (q.size() <= 1) {
      return String.join("", q);
    }
    return String.join(", ", q.subList(0, q.size() - 1))
        + " "
        + conjunction
        + " "
        + q.get(q.size() - 1);
  }

  private static int commonPrefix(String a, String b) {
    int n = 0;
    while (n < a.length() && n < b.length() && a.charAt(n) == b.charAt(n)) {
      n++;
    }
    return n;
  }

  /**
   * Optimal-string-alignment distance: insertions, deletions, substitutions, transpositions.
   * Capped: {@link Integer#MAX_VALUE} when the lengths differ by more than 3 (no suggestion is that
   * far) or a word is longer than 256 characters (bounds the work on hostile input).
   */
  static int distance(String a, String b) {
    if (Math.abs(a.length() - b.length()) > 3 || Math.max(a.length(), b.length()) > 256) {
      return Integer.MAX_VALUE;
    }
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
