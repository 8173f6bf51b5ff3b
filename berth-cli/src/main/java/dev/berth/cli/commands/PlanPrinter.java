package dev.berth.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.term.Term;
import java.io.PrintStream;

/**
 * Prints a plan ({@code POST /api/v1/plan}'s {@code plan}) for a person, as Terraform does: one
 * block per service with its symbol ({@code +} create, {@code ~} update, {@code -/+} replace,
 * {@code -} destroy), its changed fields aligned, the drift seen, then the one-line summary.
 */
final class PlanPrinter {
  private PlanPrinter() {}

  /** Prints {@code doc}'s plan on {@code out}; unchanged services are left out. */
  static void print(Term t, PrintStream out, JsonNode doc) {
    JsonNode plan = doc.path("plan");
    String where = doc.path("project").asText() + "/" + doc.path("environment").asText();
    boolean any = false;
    for (JsonNode s : plan.path("services")) {
      String action = s.path("action").asText();
      if (action.equals("no-op")) {
        continue;
      }
      if (!any) {
        out.println(
            "Berth will change "
                + t.bold(where)
                + " as follows ("
                + t.green("+")
                + " create, "
                + t.yellow("~")
                + " update in place, "
                + t.yellow("-/+")
                + " replace with a new release, "
                + t.red("-")
                + " destroy):");
        out.println();
        any = true;
      }
      out.println(
          "  "
              + color(t, action, String.format("%3s", symbol(action)))
              + " "
              + t.bold(s.path("service").asText())
              + "  "
              + color(t, action, action)
              + (s.path("destructive").asBoolean() ? t.red("  (stops running replicas)") : "")
              + (s.path("note").asText().isEmpty() ? "" : t.dim("  " + s.path("note").asText())));
      int w = 0;
      for (JsonNode f : s.path("fields")) {
        w = Math.max(w, f.path("field").asText().length());
      }
      for (JsonNode f : s.path("fields")) {
        String name = f.path("field").asText();
        out.println(
            "      "
                + name
                + " ".repeat(w - name.length() + 2)
                + value(f.path("before"))
                + " -> "
                + value(f.path("after"))
                + (f.path("replaces").asBoolean() && action.equals("replace")
                    ? t.dim("  # forces a new release")
                    : ""));
      }
      out.println();
    }
    if (!any) {
      out.println("No changes: " + where + " matches the spec.");
    }
    JsonNode drift = plan.path("drift");
    if (drift.size() > 0) {
      out.println(t.yellow("Drift") + " (differences from the spec that this apply keeps):");
      for (JsonNode d : drift) {
        out.println(
            "  "
                + t.yellow("!")
                + " "
                + d.path("service").asText()
                + "  "
                + d.path("kind").asText()
                + "  "
                + t.dim(d.path("detail").asText()));
      }
      out.println();
    }
    out.println(t.bold("Plan: ") + summary(t, plan) + ".");
  }

  /** {@code 2 to add, 1 to change, 0 to destroy}, colored. */
  static String summary(Term t, JsonNode plan) {
    return t.green(plan.path("add").asInt() + " to add")
        + ", "
        + t.yellow(plan.path("change").asInt() + " to change")
        + ", "
        + t.red(plan.path("destroy").asInt() + " to destroy");
  }

  private static String value(JsonNode v) {
    if (v.isNull() || v.isMissingNode()) {
      return "(none)";
    }
    return v.asText().isEmpty() ? "\"\"" : v.asText();
  }

  private static String symbol(String action) {
    return switch (action) {
      case "create" -> "+";
      case "update" -> "~";
      case "replace" -> "-/+";
      case "destroy" -> "-";
      default -> " ";
    };
  }

  private static String color(Term t, String action, String s) {
    return switch (action) {
      case "create" -> t.green(s);
      case "update", "replace" -> t.yellow(s);
      case "destroy" -> t.red(s);
      default -> s;
    };
  }
}
