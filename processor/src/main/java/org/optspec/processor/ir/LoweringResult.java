package org.optspec.processor.ir;

import java.util.List;
import java.util.Optional;
import org.optspec.spec.Diagnostic;

/** The lowered program, or the diagnostics that prevented it. */
public record LoweringResult(Optional<TrainingProgram> program, List<Diagnostic> diagnostics) {

  public LoweringResult {
    diagnostics = List.copyOf(diagnostics);
  }

  public boolean hasErrors() {
    return diagnostics.stream().anyMatch(Diagnostic::isError);
  }
}
