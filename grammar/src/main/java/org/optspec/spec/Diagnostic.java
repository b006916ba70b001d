package org.optspec.spec;

/**
 * One message about a spec, printed the way javac prints its own:
 *
 * <pre>
 * digits.optspec:17:5: error: unknown layer 'dense2'; did you mean 'dense'?
 *     dense2(128, init: he)
 *     ^
 * </pre>
 *
 * @param key a stable key, {@code optspec.err.unknown_name}, so tests and tools need not match text
 */
public record Diagnostic(Severity severity, String key, String message, SourcePos pos, String sourceLine) {

  public enum Severity {
    ERROR,
    WARNING;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public static Diagnostic error(String key, String message, SourcePos pos, SourceText source) {
    return new Diagnostic(Severity.ERROR, key, message, pos, source.line(pos.line()));
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** {@code FILE:LINE:COL: error: MESSAGE}, without the source line. */
  public String headline() {
    return pos + ": " + severity.label() + ": " + message;
  }

  /** The headline, the offending source line and a caret under the column. */
  public String format() {
    StringBuilder b = new StringBuilder(headline());
    if (!sourceLine.isEmpty()) {
      b.append('\n').append(sourceLine).append('\n');
      for (int i = 1; i < pos.column() && i <= sourceLine.length(); i++) {
        b.append(sourceLine.charAt(i - 1) == '\t' ? '\t' : ' ');
      }
      b.append('^');
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return format();
  }
}
