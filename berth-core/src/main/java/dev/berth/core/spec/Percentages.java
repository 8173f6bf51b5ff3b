package dev.berth.core.spec;

import dev.berth.core.model.CountOrPercent;
import dev.berth.core.model.Percent;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Percentages as a spec writes them: a rate ({@code 5%}, {@code 0.5%}, at most two decimals) and a
 * replica count or whole percentage ({@code 2}, {@code 25%}), as Kubernetes' {@code IntOrString}.
 *
 * <p>Invariants: every result is in range (0–100%, a count from 0 to {@link
 * SpecLimits#MAX_REPLICAS_PER_SERVICE}); anything else throws an {@link InvalidValueException} that
 * names the value and a correct form; {@code parse(p.toString()).equals(p)} and {@code
 * parseCountOrPercent(c.toString()).equals(c)} for every value in range.
 */
public final class Percentages {

  private static final Pattern RATE = Pattern.compile("([0-9]{1,3})(?:\\.([0-9]{1,2}))?%");
  private static final Pattern FRACTION = Pattern.compile("0?\\.[0-9]+|[0-9]{1,3}(\\.[0-9]+)?");
  private static final Pattern COUNT = Pattern.compile("[0-9]{1,9}");
  private static final Pattern WHOLE_PERCENT = Pattern.compile("([0-9]{1,9})%");

  private Percentages() {}

  /**
   * Parses a percentage from {@code 0%} to {@code 100%} with at most two decimals.
   *
   * @throws InvalidValueException naming the value and the accepted form
   */
  public static Percent parse(String text) {
    String t = text.strip();
    Matcher m = RATE.matcher(t);
    if (!m.matches()) {
      if (FRACTION.matcher(t).matches()) {
        throw new InvalidValueException(
            "'" + text + "' has no '%'", "write a percentage such as 5% or 0.5%");
      }
      throw new InvalidValueException(
          "'" + text + "' is not a percentage",
          "write a percentage from 0% to 100% with at most two decimals, e.g. 5% or 0.5%");
    }
    String frac = m.group(2) == null ? "" : m.group(2);
    int basisPoints =
        Integer.parseInt(m.group(1)) * 100
            + (frac.isEmpty() ? 0 : Integer.parseInt(frac) * (frac.length() == 1 ? 10 : 1));
    if (basisPoints > Percent.MAX_BASIS_POINTS) {
      throw new InvalidValueException(
          "'" + text + "' is more than 100%", "write a percentage from 0% to 100%");
    }
    return new Percent(basisPoints);
  }

  /**
   * Parses a replica count ({@code 0} to {@code 100}) or a whole percentage ({@code 0%} to {@code
   * 100%}) of the desired count.
   *
   * @throws InvalidValueException naming the value and the accepted forms
   */
  public static CountOrPercent parseCountOrPercent(String text) {
    String t = text.strip();
    int max = SpecLimits.MAX_REPLICAS_PER_SERVICE;
    if (COUNT.matcher(t).matches()) {
      long n = Long.parseLong(t);
      if (n > max) {
        throw new InvalidValueException(
            "'" + text + "' is more replicas than a service may have",
            "use a count from 0 to " + max + ", or a percentage such as 25%");
      }
      return CountOrPercent.count((int) n);
    }
    Matcher m = WHOLE_PERCENT.matcher(t);
    if (m.matches()) {
      long p = Long.parseLong(m.group(1));
      if (p > 100) {
        throw new InvalidValueException(
            "'" + text + "' is more than 100%", "use a percentage from 0% to 100%, or a count");
      }
      return CountOrPercent.percentOf((int) p);
    }
    if (RATE.matcher(t).matches()) {
      throw new InvalidValueException(
          "'" + text + "' is not a whole percentage",
          "use a whole percentage such as 25% (it is rounded to replicas anyway), or a count");
    }
    throw new InvalidValueException(
        "'" + text + "' is not a replica count or a percentage",
        "use a count such as 1, or a percentage of the desired replicas such as 25%");
  }
}
