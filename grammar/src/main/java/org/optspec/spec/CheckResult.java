package org.optspec.spec;

import java.util.List;
import java.util.Optional;

/** What the front end returns: a checked spec, or the diagnostics that prevented one (or both, with warnings). */
public record CheckResult(Optional<Spec> spec, List<Diagnostic> diagnostics) {

  public CheckResult {
    diagnostics = List.copyOf(diagnostics);
  }

  public boolean ok() {
    return spec.isPresent() && diagnostics.stream().noneMatch(Diagnostic::isError);
  }

  public List<Diagnostic> errors() {
    return diagnostics.stream().filter(Diagnostic::isError).toList();
  }
}
