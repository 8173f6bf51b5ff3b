package dev.berth.core.autoscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

/**
 * The formula evaluator against a reference: random expression trees, printed and parsed, evaluate
 * to what the tree computes; any text either parses or is refused with an {@link
 * IllegalArgumentException}, however deep or long.
 */
class FormulaProperties {

  static final Map<String, Double> VALUES = Map.of("a", 3.0, "b", 8.0, "queue_1", 0.5);

  /** A printed expression and its value, computed directly. */
  record Expr(String text, double value) {}

  @Property(tries = 2000)
  void printedTreesEvaluateToTheirValue(@ForAll("exprs") Expr e) {
    double got = Formula.parse(e.text()).evaluate(VALUES);
    if (Double.isNaN(e.value())) {
      assertThat(got).isNaN();
    } else {
      assertThat(got).as(e.text()).isEqualTo(e.value());
    }
  }

  @Property(tries = 3000)
  void anyTextParsesOrIsRefusedWithAMessage(@ForAll("texts") String text) {
    Throwable t = catchThrowable(() -> Formula.parse(text));
    if (t != null) {
      assertThat(t).isInstanceOf(IllegalArgumentException.class);
      assertThat(t.getMessage()).isNotBlank();
    }
  }

  @Test
  void deepNestingIsRefusedNotAStackOverflow() {
    assertThatThrownBy(() -> Formula.parse("(".repeat(400) + "a" + ")".repeat(400)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nests deeper");
    assertThatThrownBy(() -> Formula.parse("-".repeat(900) + "a"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void precedenceAndFunctions() {
    assertThat(Formula.parse("a + b * 2").evaluate(VALUES)).isEqualTo(19);
    assertThat(Formula.parse("(a + b) * 2").evaluate(VALUES)).isEqualTo(22);
    assertThat(Formula.parse("b / 2 / 2").evaluate(VALUES)).isEqualTo(2);
    assertThat(Formula.parse("a - b - 1").evaluate(VALUES)).isEqualTo(-6);
    assertThat(Formula.parse("max(a, b / 4, queue_1) + min(1, -a)").evaluate(VALUES)).isEqualTo(0);
    assertThat(Formula.parse("--a").evaluate(VALUES)).isEqualTo(3);
    assertThat(Formula.parse("max(a, q) + min").names()).containsExactly("a", "q", "min");
    assertThatThrownBy(() -> Formula.parse("a b")).hasMessage("unexpected 'b' at character 3");
    assertThatThrownBy(() -> Formula.parse("max(a")).hasMessageContaining("missing ')'");
    assertThatThrownBy(() -> Formula.parse("1.2.3")).hasMessageContaining("not a number");
    assertThatThrownBy(() -> Formula.parse("a + c").evaluate(VALUES))
        .hasMessage("no value for 'c'");
  }

  @Provide
  Arbitrary<Expr> exprs() {
    return expr(4);
  }

  private Arbitrary<Expr> expr(int depth) {
    Arbitrary<Expr> leaf =
        Arbitraries.oneOf(
            Arbitraries.of("a", "b", "queue_1").map(n -> new Expr(n, VALUES.get(n))),
            Arbitraries.integers().between(0, 99).map(i -> new Expr(Integer.toString(i), i)));
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<Expr> sub = Arbitraries.lazy(() -> expr(depth - 1));
    Arbitrary<Expr> binary =
        Arbitraries.of('+', '-', '*', '/', 'm', 'M')
            .flatMap(op -> sub.tuple2().map(t -> combine(op, t)));
    Arbitrary<Expr> negated = sub.map(e -> new Expr("-(" + e.text() + ")", -e.value()));
    return Arbitraries.frequencyOf(Tuple.of(2, leaf), Tuple.of(3, binary), Tuple.of(1, negated));
  }

  private static Expr combine(char op, Tuple.Tuple2<Expr, Expr> t) {
    Expr l = t.get1();
    Expr r = t.get2();
    return switch (op) {
      case '+' -> new Expr("(" + l.text() + ") + (" + r.text() + ")", l.value() + r.value());
      case '-' -> new Expr("(" + l.text() + ") - (" + r.text() + ")", l.value() - r.value());
      case '*' -> new Expr("(" + l.text() + ")*(" + r.text() + ")", l.value() * r.value());
      case '/' -> new Expr("(" + l.text() + ")/(" + r.text() + ")", l.value() / r.value());
      case 'm' ->
          new Expr("min(" + l.text() + ", " + r.text() + ")", Math.min(l.value(), r.value()));
      default -> new Expr("max(" + l.text() + "," + r.text() + ")", Math.max(l.value(), r.value()));
    };
  }

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withChars("ab()+-*/,.0123456789 minax_").ofMaxLength(60),
        Arbitraries.strings().ofMaxLength(30),
        Arbitraries.strings().withChars("(-").ofMinLength(30).ofMaxLength(1200));
  }
}
