package dev.berth.core.plan;

/**
 * One field of a service that a plan changes, such as {@code replicas 2 -> 4} or {@code
 * env.LOG_LEVEL info -> debug}.
 *
 * <p>Invariant: a sensitive field never carries its values: both read {@link #SENSITIVE} (or {@code
 * null} when the key is added or removed), so a plan can be printed, saved and sent anywhere.
 *
 * @param field dotted path in the spec ({@code resources.memory}, {@code env.LOG_LEVEL})
 * @param before the value now, as the spec would spell it, or {@code null} when absent
 * @param after the value after the plan, or {@code null} when removed
 * @param sensitive whether the values are secret and therefore hidden
 * @param replaces whether changing this field alone makes new replicas (a new release)
 */
public record FieldChange(
    String field, String before, String after, boolean sensitive, boolean replaces) {

  /** What a secret value is shown as, everywhere. */
  public static final String SENSITIVE = "(sensitive)";

  /** {@code env.LOG_LEVEL info -> debug}; {@code (none)} stands for an absent value. */
  public String render() {
    return field + " " + show(before) + " -> " + show(after);
  }

  private static String show(String v) {
    return v == null ? "(none)" : v.isEmpty() ? "\"\"" : v;
  }
}
