package org.optspec.processor.ir;

import java.util.ArrayList;
import java.util.List;
import org.optspec.spec.Diagnostic;
import org.optspec.spec.SourcePos;
import org.optspec.spec.Spec;
import org.optspec.spec.TrainerSpec;

/** What every lowering step shares: the spec being lowered and the diagnostics they report. */
final class LoweringContext {

  private final Spec spec;
  private final List<Diagnostic> diagnostics = new ArrayList<>();

  LoweringContext(Spec spec) {
    this.spec = spec;
  }

  /** The trainer being lowered; only the trainer's own sections ask for it. */
  TrainerSpec spec() {
    return (TrainerSpec) spec;
  }

  /** The sections a trainer and an objective share: optimizer, groups, schedule, clipping. */
  Spec common() {
    return spec;
  }

  List<Diagnostic> diagnostics() {
    return diagnostics;
  }

  /** Reports {@code optspec.err.unsupported}: a catalogue entry this slice does not implement. */
  void unsupported(String message, SourcePos pos) {
    diagnostics.add(error(Lowering.UNSUPPORTED, message, pos));
  }

  /** Reports an error with key {@code key} ({@link Lowering#INVALID}, {@link Lowering#SHAPE}, ...). */
  void report(String key, String message, SourcePos pos) {
    diagnostics.add(error(key, message, pos));
  }

  private Diagnostic error(String key, String message, SourcePos pos) {
    return Diagnostic.error(key, message, pos, spec.source());
  }

  SpecRef ref(SourcePos pos) {
    return SpecRef.of(pos, spec.source());
  }
}
