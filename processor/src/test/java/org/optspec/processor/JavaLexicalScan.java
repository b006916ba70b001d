package org.optspec.processor;

/**
 * Reads Java source the way javac's scanner does as far as injection goes (JLS 3.3-3.7): Unicode escapes, line
 * terminators (CR, LF, CRLF), comments, string and character literals. Tests use it to show that spec text copied
 * into generated source stays inside a comment or a literal.
 */
final class JavaLexicalScan {

  private JavaLexicalScan() {}

  /**
   * The index of the first backslash that begins a Unicode escape ({@code \}{@code u} after an even number of
   * backslashes), or -1. Generated code needs none, so any is spec text that javac would reinterpret.
   */
  static int firstUnicodeEscape(String source) {
    int run = 0;
    for (int i = 0; i < source.length(); i++) {
      char c = source.charAt(i);
      if (c == '\\') {
        if (run % 2 == 0 && i + 1 < source.length() && source.charAt(i + 1) == 'u') {
          return i;
        }
        run++;
      } else {
        run = 0;
      }
    }
    return -1;
  }

  /**
   * The source with every comment and every string, text-block and character literal replaced by one space: the text
   * javac compiles as code. Call only on source without Unicode escapes ({@link #firstUnicodeEscape} is -1).
   */
  static String code(String source) {
    StringBuilder out = new StringBuilder(source.length());
    int i = 0;
    int n = source.length();
    while (i < n) {
      char c = source.charAt(i);
      if (c == '/' && i + 1 < n && source.charAt(i + 1) == '/') {
        i += 2;
        while (i < n && source.charAt(i) != '\n' && source.charAt(i) != '\r') {
          i++;
        }
        out.append(' ');
      } else if (c == '/' && i + 1 < n && source.charAt(i + 1) == '*') {
        int end = source.indexOf("*/", i + 2);
        if (end < 0) {
          throw new IllegalArgumentException("unterminated comment at " + i);
        }
        i = end + 2;
        out.append(' ');
      } else if (source.startsWith("\"\"\"", i)) {
        int end = source.indexOf("\"\"\"", i + 3);
        while (end > 0 && source.charAt(end - 1) == '\\') {
          end = source.indexOf("\"\"\"", end + 1);
        }
        if (end < 0) {
          throw new IllegalArgumentException("unterminated text block at " + i);
        }
        i = end + 3;
        out.append(' ');
      } else if (c == '"' || c == '\'') {
        i++;
        while (i < n && source.charAt(i) != c) {
          char d = source.charAt(i);
          if (d == '\n' || d == '\r') {
            throw new IllegalArgumentException("line break in a literal at " + i);
          }
          i += d == '\\' ? 2 : 1;
        }
        if (i >= n) {
          throw new IllegalArgumentException("unterminated literal");
        }
        i++;
        out.append(' ');
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }
}
