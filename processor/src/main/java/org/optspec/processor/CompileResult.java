package org.optspec.processor;

import com.palantir.javapoet.JavaFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.optspec.spec.Diagnostic;

/**
 * The generated trainer (and, for a trainer spec, its inference model, {@code <Name>Model}), or the diagnostics that
 * stopped the compiler (warnings may come with a file).
 */
public record CompileResult(Optional<JavaFile> javaFile, Optional<JavaFile> modelFile, List<Diagnostic> diagnostics) {

  public CompileResult {
    diagnostics = List.copyOf(diagnostics);
  }

  /** A result without a model class (an objective, or a failure). */
  public CompileResult(Optional<JavaFile> javaFile, List<Diagnostic> diagnostics) {
    this(javaFile, Optional.empty(), diagnostics);
  }

  public boolean ok() {
    return javaFile.isPresent() && diagnostics.stream().noneMatch(Diagnostic::isError);
  }

  public List<Diagnostic> errors() {
    return diagnostics.stream().filter(Diagnostic::isError).toList();
  }

  /** Every generated file: the trainer (or objective) first, then the model. */
  public List<JavaFile> javaFiles() {
    List<JavaFile> all = new ArrayList<>();
    javaFile.ifPresent(all::add);
    modelFile.ifPresent(all::add);
    return all;
  }
}
