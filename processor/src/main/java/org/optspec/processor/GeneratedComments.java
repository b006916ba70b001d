package org.optspec.processor;

/**
 * Spec text (a spec line, a file or directory name, anything the user wrote) made safe to quote in the comments and
 * Javadoc of generated Java. A spec is untrusted input, and javac reads a comment differently from how it looks:
 * it expands {@code \}{@code uXXXX} escapes everywhere before it finds comments, so {@code \}{@code u000a} ends a
 * {@code //} comment and {@code *\}{@code u002f} ends a block comment, and whatever follows would be compiled.
 * Every place a generator copies spec text into a comment goes through {@link #quote}. String literals go
 * through JavaPoet's {@code $S}, which escapes backslashes, quotes and control characters itself.
 *
 * <p>Ordinary spec text (printable, no backslash, no comment terminator) comes back unchanged, so generated code
 * reads like the spec.
 */
public final class GeneratedComments {

  private GeneratedComments() {}

  /**
   * The text with: every {@code \} doubled (a run of an even number of backslashes cannot begin a Unicode escape,
   * JLS 3.3); {@code *}{@code /} written {@code * /}; CR and LF (which end a {@code //} comment) as spaces; and
   * characters that are invisible or move text around (other control characters, Unicode format characters such as
   * bidirectional overrides, line and paragraph separators, lone surrogates, unassigned code points) as
   * {@code [U+XXXX]}.
   */
  public static String quote(String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder out = null;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      int width = Character.charCount(c);
      String replacement = replacement(text, i, c);
      if (replacement != null && out == null) {
        out = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (out != null) {
        if (replacement != null) {
          out.append(replacement);
        } else {
          out.appendCodePoint(c);
        }
      }
      i += width;
    }
    return out == null ? text : out.toString();
  }

  private static String replacement(String text, int i, int c) {
    if (c == '\\') {
      return "\\\\";
    }
    if (c == '*' && i + 1 < text.length() && text.charAt(i + 1) == '/') {
      return "* ";
    }
    if (c == '\r' || c == '\n') {
      return " ";
    }
    if (c == '\t') {
      return null;
    }
    return hidden(c) ? String.format("[U+%04X]", c) : null;
  }

  private static boolean hidden(int c) {
    return switch (Character.getType(c)) {
      case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
          Character.SURROGATE, Character.UNASSIGNED, Character.PRIVATE_USE -> true;
      default -> false;
    };
  }
}
