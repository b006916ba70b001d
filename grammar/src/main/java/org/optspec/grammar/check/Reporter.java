package org.optspec.grammar.check;

import java.util.ArrayList;
import java.util.List;
import org.optspec.spec.Diagnostic;
import org.optspec.spec.SourcePos;
import org.optspec.spec.SourceText;

/** Collects the checker's diagnostics for one file; the stable keys live here. */
public final class Reporter {

  public static final String UNKNOWN = "optspec.err.unknown_name";
  public static final String TYPE = "optspec.err.type";
  public static final String ARITY = "optspec.err.arity";
  public static final String MISSING = "optspec.err.missing";
  public static final String RANGE = "optspec.err.range";
  public static final String DUPLICATE = "optspec.err.duplicate";
  public static final String FORM = "optspec.err.form";
  public static final String SEMANTIC = "optspec.err.semantic";
  public static final String SHAPE = "optspec.err.shape";
  public static final String VALIDATION = "optspec.err.no_validation_split";
  public static final String UNSUPPORTED = "optspec.err.unsupported";
  public static final String INTERNAL = "optspec.err.internal";

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
