package org.optspec.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table: a header row, a rule, then rows; the first column left-aligned, the others
 * right-aligned (they hold numbers), columns two spaces apart.
 */
final class TextTable {
  private final List<String[]> rows = new ArrayList<>();
  private final int columns;

  TextTable(String... header) {
    this.columns = header.length;
    rows.add(header.clone());
  }

  TextTable row(String... cells) {
    if (cells.length != columns) {
      throw new IllegalArgumentException("expected " + columns + " cells, got " + cells.length);
    }
    rows.add(cells.clone());
    return this;
  }

  String render() {
    int[] width = new int[columns];
    for (String[] r : rows) {
      for (int c = 0; c < columns; c++) {
        width[c] = Math.max(width[c], r[c].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < rows.size(); i++) {
      line(out, rows.get(i), width);
      if (i == 0) {
        int total = (columns - 1) * 2;
        for (int w : width) {
          total += w;
        }
        out.append("─".repeat(total)).append('\n');
      }
    }
    return out.toString();
  }

  private static void line(StringBuilder out, String[] cells, int[] width) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < cells.length; c++) {
      if (c > 0) {
        line.append("  ");
      }
      String pad = " ".repeat(width[c] - cells[c].length());
      line.append(c == 0 ? cells[c] + pad : pad + cells[c]);
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }
}
