package dev.berth.core.spec;

import java.util.Objects;

/**
 * A value that does not parse, split into what is wrong and how to fix it, so a validator can turn
 * it into a {@link Problem} without parsing the message apart.
 *
 * <p>Invariant: {@link #getMessage()} is {@code problem + " (" + hint + ")"}, a sentence a person
 * understands on its own, which names the offending value and lists the accepted forms.
 */
public final class InvalidValueException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String problem;
  private final String hint;

  public InvalidValueException(String problem, String hint) {
    super(problem + " (" + hint + ")");
    this.problem = Objects.requireNonNull(problem, "problem");
    this.hint = Objects.requireNonNull(hint, "hint");
  }

  /** What is wrong, naming the value: {@code '0.5cores' is not a CPU quantity}. */
  public String problem() {
    return problem;
  }

  /** How to fix it: the accepted forms, or a corrected value. */
  public String hint() {
    return hint;
  }
}
