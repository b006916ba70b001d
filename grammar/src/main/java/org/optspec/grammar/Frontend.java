package org.optspec.grammar;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.optspec.grammar.ast.SpecFile;
import org.optspec.grammar.check.SpecChecker;
import org.optspec.spec.CheckResult;
import org.optspec.spec.Diagnostic;
import org.optspec.spec.DiagnosticKey;
import org.optspec.spec.SourcePos;
import org.optspec.spec.SourceText;

/**
 * The front door of the compiler: text to a checked {@code Spec} or diagnostics. Runs parse, then
 * check, and stops after a phase that reported errors (as javac does). Never throws.
 */
public final class Frontend {

  private Frontend() {}

  public static CheckResult check(SourceText source) {
    try {
      SourceParser.Result parsed = SourceParser.parse(source);
      if (!parsed.diagnostics().isEmpty()) {
        return new CheckResult(Optional.empty(), parsed.diagnostics());
      }
      SpecFile file = parsed.file();
      return SpecChecker.check(file);
    } catch (RuntimeException | StackOverflowError | LinkageError | AssertionError e) {
      // A bug in the front end (or a catalogue that fails to initialize) must reach the user as a
      // diagnostic, never as an exception out of javac or the CLI.
      return failure(DiagnosticKey.INTERNAL.key(), "internal error: " + e, source);
    }
  }

  /** Reads and checks a file; diagnostics name it by the path as given. */
  public static CheckResult check(Path file) {
    String name = file.toString();
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return failure(DiagnosticKey.IO.key(), "cannot read " + name + ": " + e.getMessage(), new SourceText(name, ""));
    }
    return check(new SourceText(name, text));
  }

  private static CheckResult failure(String key, String message, SourceText source) {
    Diagnostic diagnostic = Diagnostic.error(key, message, new SourcePos(source.fileName(), 1, 1), source);
    return new CheckResult(Optional.empty(), List.of(diagnostic));
  }
}
