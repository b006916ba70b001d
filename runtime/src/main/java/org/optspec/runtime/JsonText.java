package org.optspec.runtime;

import java.util.Locale;

/**
 * Writes a string as a JSON string literal, with the escapes JSON requires. Shared by the checkpoint
 * header writer and the command line's reports, so both escape the same way.
 */
public final class JsonText {

  private JsonText() {}

  /** Appends {@code s} to {@code out} in double quotes, escaping quotes, backslashes and control characters. */
  public static void quote(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
