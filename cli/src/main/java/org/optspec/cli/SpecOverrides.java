package org.optspec.cli;

import java.util.List;
import org.optspec.spec.Diagnostic;
import org.optspec.spec.DiagnosticKey;
import org.optspec.spec.Spec;
import org.optspec.spec.TrainerSpec;

/**
 * Command-line settings that replace a spec's own, applied to the checked spec before lowering, so the
 * generated trainer is exactly the one the spec would give with {@code epochs N} or {@code seed N}
 * written in it. Null means "the spec's value".
 */
record SpecOverrides(Integer epochs, Long seed) {

  static final SpecOverrides NONE = new SpecOverrides(null, null);

  boolean isEmpty() {
    return epochs == null && seed == null;
  }

  /** The spec with these settings, or the diagnostics that say why they cannot apply. */
  Spec apply(Spec spec) {
    if (isEmpty()) {
      return spec;
    }
    if (!(spec instanceof TrainerSpec t)) {
      throw new SpecCompilation.SpecFailure(List.of(Diagnostic.error(DiagnosticKey.FORM.key(),
          "--epochs and --seed apply to a trainer; " + spec.name() + " is an objective", spec.pos(), spec.source())));
    }
    return new TrainerSpec(t.name(), t.pos(), t.precision(), seed != null ? seed : t.seed(), t.data(), t.layers(), t.loss(),
        t.regularizers(), t.optimizer(), t.groups(), t.schedule(), t.clipping(), t.batch(), epochs != null ? epochs : t.epochs(),
        t.accumulate(), t.stop(), t.prune(), t.source());
  }
}
