package org.optspec.processor.ir;

import java.util.List;
import java.util.Optional;
import org.optspec.spec.Diagnostic;

/** The lowered objective, or the diagnostics that prevented it. */
public record ObjectiveLoweringResult(Optional<ObjectiveProgram> program, List<Diagnostic> diagnostics) {

  public ObjectiveLoweringResult {
    diagnostics = List.copyOf(diagnostics);
  }

  public boolean hasErrors() {
    return diagnostics.stream().anyMatch(Diagnostic::isError);
  }
}
