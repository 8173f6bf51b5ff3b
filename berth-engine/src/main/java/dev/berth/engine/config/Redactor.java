package dev.berth.engine.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The one redaction point: replaces every known secret value in a text with {@value #MASK}. Every
 * output Berth itself writes passes through {@link #shared()}: the control plane's log lines (the
 * logback layout), the output of builds and release commands as it is streamed, stored and
 * summarized ({@code OutputPump}), events and audit entries as they are stored ({@link
 * RedactingStore}), and API error messages.
 *
 * <p>Invariants: values shorter than {@value #MIN_LENGTH} characters are not redacted (masking
 * every {@code "1"} in a log would destroy it and hide nothing); longer values are replaced before
 * shorter ones, so a secret that contains another is masked whole; a value once known stays known
 * for the life of the process (an unset secret may still sit in output written before). Lock-free
 * reads: the set is an immutable snapshot replaced on change.
 */
public final class Redactor {
  /** What a secret value is replaced with. */
  public static final String MASK = "(sensitive)";

  /** The shortest value that is redacted. */
  public static final int MIN_LENGTH = 4;

  private static final Redactor SHARED = new Redactor();

  private volatile List<String> secrets = List.of(); // longest first

  /** The process-wide redactor every output of the control plane passes through. */
  public static Redactor shared() {
    return SHARED;
  }

  /** Adds secret values to redact from now on (short ones are ignored). */
  public synchronized void add(Iterable<String> values) {
    Set<String> all = new HashSet<>(secrets);
    for (String v : values) {
      if (v != null && v.length() >= MIN_LENGTH) {
        all.add(v);
      }
    }
    List<String> sorted = new ArrayList<>(all);
    sorted.sort(Comparator.comparingInt(String::length).reversed().thenComparing(s -> s));
    secrets = List.copyOf(sorted);
  }

  /** Adds one secret value. */
  public void add(String value) {
    add(List.of(value));
  }

  /** {@code text} with every known secret value replaced by {@value #MASK}; null stays null. */
  public String redact(String text) {
    if (text == null || text.length() < MIN_LENGTH) {
      return text;
    }
    List<String> known = secrets;
    String out = text;
    for (String s : known) {
      if (out.contains(s)) {
        out = out.replace(s, MASK);
      }
    }
    return out;
  }

  /** How many values it knows (for tests and diagnostics; never the values). */
  public int size() {
    return secrets.size();
  }
}
