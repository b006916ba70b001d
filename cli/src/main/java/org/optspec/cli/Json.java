package org.optspec.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.optspec.runtime.JsonText;

/**
 * Writes maps, lists, strings, numbers and booleans as indented JSON. Enough for reports; numbers that
 * JSON cannot hold (NaN, infinities) are written as null.
 */
final class Json {

  private Json() {}

  static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out, 0);
    return out.append('\n').toString();
  }

  private static void write(Object value, StringBuilder out, int indent) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof Map<?, ?> map) {
      writeObject(map, out, indent);
    } else if (value instanceof List<?> list) {
      writeArray(list, out, indent);
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      out.append(Double.isFinite(d) ? number(d) : "null");
    } else if (value instanceof Number || value instanceof Boolean) {
      out.append(value);
    } else {
      JsonText.quote(value.toString(), out);
    }
  }

  private static String number(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return String.format(Locale.ROOT, "%.1f", d);
    }
    return Double.toString(d);
  }

  private static void writeObject(Map<?, ?> map, StringBuilder out, int indent) {
    if (map.isEmpty()) {
      out.append("{}");
      return;
    }
    out.append("{\n");
    int i = 0;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      pad(out, indent + 2);
      JsonText.quote(e.getKey().toString(), out);
      out.append(": ");
      write(e.getValue(), out, indent + 2);
      out.append(++i < map.size() ? ",\n" : "\n");
    }
    pad(out, indent);
    out.append('}');
  }

  private static void writeArray(List<?> list, StringBuilder out, int indent) {
    if (list.isEmpty()) {
      out.append("[]");
      return;
    }
    out.append("[\n");
    for (int i = 0; i < list.size(); i++) {
      pad(out, indent + 2);
      write(list.get(i), out, indent + 2);
      out.append(i + 1 < list.size() ? ",\n" : "\n");
    }
    pad(out, indent);
    out.append(']');
  }

  private static void pad(StringBuilder out, int n) {
    out.append(" ".repeat(n));
  }
}
