package dev.berth.core.autoscale;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.HashMap;
import java.util.Map;

/**
 * Fuzzes the formula parser and evaluator: only {@link IllegalArgumentException} may escape
 * parsing, and a parsed formula evaluates without throwing once every name has a value. Under
 * surefire this runs as a regression test; {@code JAZZER_FUZZ=1} fuzzes for real.
 */
class FormulaFuzzTest {

  @FuzzTest(maxDuration = "30s")
  void parseAndEvaluate(FuzzedDataProvider data) {
    String text = data.consumeString(1200);
    Formula f;
    try {
      f = Formula.parse(text);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    Map<String, Double> values = new HashMap<>();
    for (String name : f.names()) {
      values.put(name, data.consumeDouble());
    }
    f.evaluate(values);
  }
}
