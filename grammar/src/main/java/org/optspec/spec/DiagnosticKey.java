package org.optspec.spec;

/**
 * Every stable diagnostic key, the one registry of them (as javac keeps its keys in {@code compiler.properties}): tools
 * and tests match a {@link Diagnostic#key()}, never its text. The constants the stages report with
 * ({@code Reporter.SEMANTIC}, {@code Lowering.INVALID}, ...) are these keys; a test fails when a source names a key
 * that is not here.
 */
public enum DiagnosticKey {
  /** The text does not parse. */
  SYNTAX("optspec.err.syntax"),
  /** The text is beyond a limit checked before parsing: nesting depth, operators, name, string or file length. */
  LIMIT("optspec.err.limit"),
  /** A name the catalogue or the spec does not define; with a "did you mean". */
  UNKNOWN_NAME("optspec.err.unknown_name"),
  /** A value of the wrong type. */
  TYPE("optspec.err.type"),
  /** Too many or too few arguments. */
  ARITY("optspec.err.arity"),
  /** A required argument or section is absent. */
  MISSING("optspec.err.missing"),
  /** A number outside its parameter's range or the checker's limits. */
  RANGE("optspec.err.range"),
  /** Something given twice. */
  DUPLICATE("optspec.err.duplicate"),
  /** A section or setting in the wrong form. */
  FORM("optspec.err.form"),
  /** Well-formed parts that do not fit together (nesterov without momentum, clip_global_norm not first). */
  SEMANTIC("optspec.err.semantic"),
  /** Shapes that do not match. */
  SHAPE("optspec.err.shape"),
  /** A rule on validation_loss (early stopping) in a spec whose data has no validation split. */
  NO_VALIDATION_SPLIT("optspec.err.no_validation_split"),
  /** A catalogue entry the compiler does not implement yet. */
  UNSUPPORTED("optspec.err.unsupported"),
  /** A spec that only lowering can reject, knowing the model (natural_gradient's parameter limit). */
  INVALID("optspec.err.invalid"),
  /** A file that cannot be read. */
  IO("optspec.err.io"),
  /** A spec's data file outside the spec's folder tree (the command line's data-path policy). */
  DATA_OUTSIDE("optspec.err.data_outside"),
  /** A trainer whose estimated memory footprint exceeds the JVM's heap. */
  MEMORY("optspec.err.memory"),
  /** A spec's directory below the Maven plugin's spec root that is not a Java package name. */
  PACKAGE("optspec.err.package"),
  /** A bug in the compiler, reported instead of thrown. */
  INTERNAL("optspec.err.internal");

  private final String key;

  DiagnosticKey(String key) {
    this.key = key;
  }

  /** The key as diagnostics carry it, {@code optspec.err.semantic}. */
  public String key() {
    return key;
  }
}
