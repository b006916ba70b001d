package org.optspec.spec;

import java.util.List;

/**
 * A learning-rate schedule: phases composed with {@code then}. Each phase is a call such as
 * {@code warmup(linear, steps: 100)}; a phase runs for its own length, then the next begins with its
 * own step count at zero. The last phase runs to the end of training.
 */
public record Schedule(List<Call> phases, SourcePos pos) {
  public Schedule {
    phases = List.copyOf(phases);
  }
}
