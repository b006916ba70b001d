package org.optspec.spec;

import java.util.List;

/**
 * A checked spec: every name resolved against the catalogue, every argument typed, defaulted and
 * range-checked, every shape known. The output of the checker and the input of lowering.
 */
public sealed interface Spec permits TrainerSpec, ObjectiveSpec {

  /** The name after {@code trainer} / {@code objective}, e.g. {@code DigitsClassifier}. */
  String name();

  SourcePos pos();

  Precision precision();

  /** The spec's source, kept so generated code can point back to lines and checkpoints can hash it. */
  SourceText source();

  // What a trainer and an objective share: how to optimize.

  Call optimizer();

  List<GroupOverride> groups();

  Schedule schedule();

  List<Call> clipping();
}
