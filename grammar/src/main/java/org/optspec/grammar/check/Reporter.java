package org.optspec.grammar.check;

import java.util.ArrayList;
import java.util.List;
import org.optspec.spec.Diagnostic;
import org.optspec.spec.DiagnosticKey;
import org.optspec.spec.SourcePos;
import org.optspec.spec.SourceText;

/** Collects the checker's diagnostics for one file; its key constants are {@link DiagnosticKey}'s. */
public final class Reporter {

  public static final String UNKNOWN = DiagnosticKey.UNKNOWN_NAME.key();
  public static final String TYPE = DiagnosticKey.TYPE.key();
  public static final String ARITY = DiagnosticKey.ARITY.key();
  public static final String MISSING = DiagnosticKey.MISSING.key();
  public static final String RANGE = DiagnosticKey.RANGE.key();
  public static final String DUPLICATE = DiagnosticKey.DUPLICATE.key();
  public static final String FORM = DiagnosticKey.FORM.key();
  public static final String SEMANTIC = DiagnosticKey.SEMANTIC.key();
  public static final String SHAPE = DiagnosticKey.SHAPE.key();
  public static final String VALIDATION = DiagnosticKey.NO_VALIDATION_SPLIT.key();
  public static final String UNSUPPORTED = DiagnosticKey.UNSUPPORTED.key();
  public static final String INTERNAL = DiagnosticKey.INTERNAL.key();

  private final SourceText source;
  private final List<Diagnostic> diagnostics = new ArrayList<>();

  public Reporter(SourceText source) {
    this.source = source;
  }

  public void error(String key, String message, SourcePos pos) {
    diagnostics.add(Diagnostic.error(key, message, pos, source));
  }

  /**
   * "unknown optimizer 'adamm'; did you mean 'adam'?"; when nothing is close and there are only a few
   * known names, they are listed instead.
   */
  public void unknown(String what, String name, SourcePos pos, List<String> known) {
    String hint = Suggestions.didYouMean(name, known);
    if (hint.isEmpty() && !known.isEmpty() && known.size() <= 6) {
      hint = "; expected " + (known.size() == 1 ? "'" + known.get(0) + "'" : "one of " + String.join(", ", known));
    }
    error(UNKNOWN, "unknown " + what + " '" + name + "'" + hint, pos);
  }

  /** "optimizer adam then sgd is not supported yet". */
  public void unsupported(String what, SourcePos pos) {
    error(UNSUPPORTED, what + " is not supported yet", pos);
  }

  public int errorCount() {
    return diagnostics.size();
  }

  public boolean hasErrors() {
    return !diagnostics.isEmpty();
  }

  public List<Diagnostic> diagnostics() {
    return List.copyOf(diagnostics);
  }

  public SourceText source() {
    return source;
  }
}
