package dev.berth.core.autoscale;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small, safe arithmetic expression over trigger names, for {@code autoscale.advanced.formula}
 * (KEDA's {@code scalingModifiers.formula}): numbers, names, {@code + - * /}, unary minus,
 * parentheses, and {@code min(a, b, ...)} / {@code max(a, b, ...)}. No scripting engine: nothing
 * but this grammar can run.
 *
 * <pre>
 * expr   := term (('+' | '-') term)*
 * term   := unary (('*' | '/') unary)*
 * unary  := '-' unary | atom
 * atom   := number | name | ('min' | 'max') '(' expr (',' expr)* ')' | '(' expr ')'
 * </pre>
 *
 * <p>Invariants: {@link #parse} either returns a formula or throws {@link IllegalArgumentException}
 * with a message that says where and what is wrong; parsing is linear in the text, and the text
 * ({@value #MAX_LENGTH} characters) and nesting ({@value #MAX_DEPTH} levels) are bounded, so a
 * hostile spec cannot exhaust the stack; {@link #evaluate} never throws for a name it was given and
 * returns whatever IEEE arithmetic yields (division by zero gives an infinity, which the decision
 * treats as an error).
 */
public final class Formula {
  public static final int MAX_LENGTH = 1000;
  public static final int MAX_DEPTH = 32;

  private interface Node {
    double eval(Map<String, Double> values);
  }

  private final String text;
  private final Node root;
  private final Set<String> names;

  private Formula(String text, Node root, Set<String> names) {
    this.text = text;
    this.root = root;
    this.names = names;
  }

  /** The trigger names the formula reads, in order of first use. */
  public Set<String> names() {
    return names;
  }

  /**
   * The value with {@code values} for the names.
   *
   * @throws IllegalArgumentException when a name has no value
   */
  public double evaluate(Map<String, Double> values) {
    for (String n : names) {
      if (!values.containsKey(n) || values.get(n) == null) {
        throw new IllegalArgumentException("no value for '" + n + "'");
      }
    }
    return root.eval(values);
  }

  @Override
  public String toString() {
    return text;
  }

  /** Parses {@code text}. */
  public static Formula parse(String text) {
    if (text.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "the formula is longer than " + MAX_LENGTH + " characters");
    }
    Parser p = new Parser(text);
    Node root = p.expr(0);
    p.skipSpace();
    if (p.pos < text.length()) {
      throw p.error("unexpected '" + text.charAt(p.pos) + "'");
    }
    return new Formula(text, root, p.names);
  }

  private static final class Parser {
    final String s;
    int pos;
    final Set<String> names = new LinkedHashSet<>();

    Parser(String s) {
      this.s = s;
    }

    IllegalArgumentException error(String what) {
      return new IllegalArgumentException(what + " at character " + (pos + 1));
    }

    void skipSpace() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    boolean eat(char c) {
      skipSpace();
      if (pos < s.length() && s.charAt(pos) == c) {
        pos++;
        return true;
      }
      return false;
    }

    Node expr(int depth) {
      if (depth > MAX_DEPTH) {
        throw error("the formula nests deeper than " + MAX_DEPTH + " levels");
      }
      Node left = term(depth);
      while (true) {
        if (eat('+')) {
          Node l = left;
          Node r = term(depth);
          left = v -> l.eval(v) + r.eval(v);
        } else if (eat('-')) {
          Node l = left;
          Node r = term(depth);
          left = v -> l.eval(v) - r.eval(v);
        } else {
          return left;
        }
      }
    }

    Node term(int depth) {
      Node left = unary(depth);
      while (true) {
        if (eat('*')) {
          Node l = left;
          Node r = unary(depth);
          left = v -> l.eval(v) * r.eval(v);
        } else if (eat('/')) {
          Node l = left;
          Node r = unary(depth);
          left = v -> l.eval(v) / r.eval(v);
        } else {
          return left;
        }
      }
    }

    Node unary(int depth) {
      if (eat('-')) {
        if (depth > MAX_DEPTH) {
          throw error("the formula nests deeper than " + MAX_DEPTH + " levels");
        }
        Node inner = unary(depth + 1);
        return v -> -inner.eval(v);
      }
      return atom(depth);
    }

    Node atom(int depth) {
      skipSpace();
      if (pos >= s.length()) {
        throw error("the formula ends where a number, a trigger name or '(' belongs");
      }
      char c = s.charAt(pos);
      if (eat('(')) {
        Node inner = expr(depth + 1);
        if (!eat(')')) {
          throw error("missing ')'");
        }
        return inner;
      }
      if (Character.isDigit(c) || c == '.') {
        int start = pos;
        while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '.')) {
          pos++;
        }
        String num = s.substring(start, pos);
        try {
          double d = Double.parseDouble(num);
          return v -> d;
        } catch (NumberFormatException e) {
          pos = start;
          throw error("'" + num + "' is not a number");
        }
      }
      if (Character.isLetter(c) || c == '_') {
        int start = pos;
        while (pos < s.length()
            && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
          pos++;
        }
        String name = s.substring(start, pos);
        skipSpace();
        if ((name.equals("min") || name.equals("max"))
            && pos < s.length()
            && s.charAt(pos) == '(') {
          pos++;
          List<Node> args = new ArrayList<>();
          do {
            args.add(expr(depth + 1));
          } while (eat(','));
          if (!eat(')')) {
            throw error("missing ')' after the arguments of " + name);
          }
          boolean max = name.equals("max");
          return v -> {
            double r = max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            for (Node a : args) {
              double x = a.eval(v);
              r = max ? Math.max(r, x) : Math.min(r, x);
            }
            return r;
          };
        }
        names.add(name);
        return v -> v.get(name);
      }
      throw error("unexpected '" + c + "'");
    }
  }
}
