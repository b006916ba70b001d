package org.optspec.processor;

import java.util.ArrayList;
import java.util.List;

/** The header of a trace CSV, whose matrix element names keep their comma unquoted: {@code W[0,1]}. */
final class TraceHeader {

  private TraceHeader() {}

  /** The columns of {@code line}, splitting at commas outside brackets. */
  static String[] split(String line) {
    List<String> columns = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '[') {
        depth++;
      } else if (c == ']') {
        depth--;
      } else if (c == ',' && depth == 0) {
        columns.add(line.substring(start, i));
        start = i + 1;
      }
    }
    columns.add(line.substring(start));
    return columns.toArray(String[]::new);
  }
}
