package dev.berth.cli.term;

import java.util.ArrayList;
import java.util.List;

/**
 * Left-aligned columns separated by two spaces, widths computed from the visible text (colors
 * ignored), trailing spaces trimmed. Headers are upper case, as kubectl prints them.
 */
public final class Table {
  private final List<String[]> rows = new ArrayList<>();
  private final int columns;

  public Table(String... headers) {
    this.columns = headers.length;
    rows.add(headers);
  }

  public Table row(Object... cells) {
    String[] r = new String[columns];
    for (int i = 0; i < columns; i++) {
      r[i] = i < cells.length && cells[i] != null ? cells[i].toString() : "";
    }
    rows.add(r);
    return this;
  }

  public int size() {
    return rows.size() - 1;
  }

  public String render(Term term) {
    int[] w = new int[columns];
    for (String[] r : rows) {
      for (int i = 0; i < columns; i++) {
        w[i] = Math.max(w[i], Term.width(r[i]));
      }
    }
    StringBuilder b = new StringBuilder();
    for (int n = 0; n < rows.size(); n++) {
      String[] r = rows.get(n);
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        String cell = n == 0 ? term.dim(r[i]) : r[i];
        line.append(cell);
        if (i < columns - 1) {
          line.append(" ".repeat(w[i] - Term.width(r[i]) + 2));
        }
      }
      b.append(line.toString().stripTrailing()).append('\n');
    }
    return b.toString();
  }
}
