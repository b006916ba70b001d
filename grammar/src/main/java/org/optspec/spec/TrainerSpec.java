package org.optspec.spec;

import java.util.List;
import java.util.Optional;

/**
 * A checked {@code trainer}: learns from data.
 *
 * @param layers the model's layers in order ({@code dense}, {@code relu}, {@code dropout}, ...)
 * @param regularizers {@code regularize} entries ({@code l1}, {@code l2}, {@code elastic_net})
 * @param groups {@code group ... { ... }} overrides, in spec order
 * @param schedule the learning-rate schedule; {@code constant} when the spec has none
 * @param clipping {@code clip} entries ({@code global_norm(1.0)}, {@code value(1.0)}, ...)
 * @param accumulate micro-batches per update; 1 when the spec has no {@code accumulate}
 * @param stop early stopping, when present
 * @param prune magnitude pruning, when present
 */
public record TrainerSpec(
    String name,
    SourcePos pos,
    Precision precision,
    long seed,
    DataSpec data,
    List<Call> layers,
    Call loss,
    List<Call> regularizers,
    Call optimizer,
    List<GroupOverride> groups,
    Schedule schedule,
    List<Call> clipping,
    int batch,
    int epochs,
    int accumulate,
    Optional<StopRule> stop,
    Optional<Call> prune,
    SourceText source)
    implements Spec {

  public TrainerSpec {
    layers = List.copyOf(layers);
    regularizers = List.copyOf(regularizers);
    groups = List.copyOf(groups);
    clipping = List.copyOf(clipping);
  }
}
