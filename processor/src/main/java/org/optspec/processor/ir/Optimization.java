package org.optspec.processor.ir;

import java.util.List;
import java.util.Optional;
import org.optspec.spec.Precision;

/**
 * What a trainer and an objective share once lowered: the parameters, the optimizer over their groups, the
 * schedule and the clipping. The update, schedule and clipping emitters read only this, so both kinds of
 * generated class run the same fused optimizer code.
 */
public interface Optimization {

  Precision precision();

  /** Every trainable tensor, in initialization (declaration) order. */
  List<Param> params();

  Optimizer optimizer();

  LrSchedule schedule();

  /** The {@code clip} statement, if any. */
  Optional<Clip> clip();
}
