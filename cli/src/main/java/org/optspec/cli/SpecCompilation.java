package org.optspec.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.optspec.processor.CompileResult;
import org.optspec.processor.OptSpecCompiler;
import org.optspec.runtime.Trainer;
import org.optspec.spec.Diagnostic;
import org.optspec.spec.SourcePos;
import org.optspec.spec.SourceText;

/**
 * Runs the same compiler the annotation processor runs, in this process: spec file → diagnostics, or
 * spec file → generated source → a loaded trainer class.
 */
final class SpecCompilation {

  /** Generated classes compiled by the command line live here; the name shows up in stack traces. */
  static final String PACKAGE = "optspec.generated";

  private SpecCompilation() {}

  /** Every diagnostic for a file: unreadable file, syntax, checking, lowering. */
  static List<Diagnostic> diagnose(Path file) {
    try {
      return compile(read(file)).diagnostics();
    } catch (SpecFailure e) {
      return e.diagnostics;
    }
  }

  /** Compiles the spec and loads its generated trainer class, or throws with the diagnostics. */
  static Class<?> compileTrainerClass(Path file) {
    SourceText source = read(file);
    CompileResult result = compile(source);
    if (result.javaFile().isEmpty() || result.diagnostics().stream().anyMatch(Diagnostic::isError)) {
      throw new SpecFailure(result.diagnostics());
    }
    var javaFile = result.javaFile().get();
    String name = javaFile.packageName() + "." + javaFile.typeSpec().name();
    return InMemoryJavaCompiler.compileAndLoad(name, javaFile.toString());
  }

  static Trainer newTrainer(Class<?> trainerClass) {
    try {
      return (Trainer) trainerClass.getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot instantiate " + trainerClass.getName(), e);
    }
  }

  private static CompileResult compile(SourceText source) {
    return OptSpecCompiler.compile(source, PACKAGE);
  }

  private static SourceText read(Path file) {
    try {
      return new SourceText(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      throw new SpecFailure(List.of(ioError(file, "no such file")));
    } catch (IOException e) {
      throw new SpecFailure(List.of(ioError(file, "cannot read: " + e.getMessage())));
    }
  }

  private static Diagnostic ioError(Path file, String message) {
    return new Diagnostic(Diagnostic.Severity.ERROR, "optspec.err.io", message, new SourcePos(file.toString(), 1, 1), "");
  }

  /** A spec that could not be turned into a trainer; carries the diagnostics that say why. */
  static final class SpecFailure extends RuntimeException {
    final transient List<Diagnostic> diagnostics;

    SpecFailure(List<Diagnostic> diagnostics) {
      super(diagnostics.isEmpty() ? "spec failed" : diagnostics.get(0).headline());
      this.diagnostics = List.copyOf(diagnostics);
    }
  }
}
