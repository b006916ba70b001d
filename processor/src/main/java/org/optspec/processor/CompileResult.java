package org.optspec.processor;

import com.palantir.javapoet.JavaFile;
import java.util.List;
import java.util.Optional;
import org.optspec.spec.Diagnostic;

/** The generated trainer, or the diagnostics that stopped the compiler (warnings may come with a file). */
public record CompileResult(Optional<JavaFile> javaFile, List<Diagnostic> diagnostics) {

  public CompileResult {
    diagnostics = List.copyOf(diagnostics);
  }

  public boolean ok() {
    return javaFile.isPresent() && diagnostics.stream().noneMatch(Diagnostic::isError);
  }

  public List<Diagnostic> errors() {
    return diagnostics.stream().filter(Diagnostic::isError).toList();
  }
}
