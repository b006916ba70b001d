package org.optspec.processor.emit;

import com.palantir.javapoet.MethodSpec;
import java.util.List;
import org.optspec.processor.ir.Optimizer;

/**
 * One optimizer: the hyper-parameters its update reads and the body of a group's fused update
 * {@code update<Group>(double lr)}, one loop over {@code [start, end)} of the flat arrays. One implementation per
 * {@link Optimizer.Kind}, registered in {@link OptimizerEmitters#of}.
 */
interface OptimizerEmitter {

  /** The hyper-parameters the update reads, {@code lr} first; each becomes a constant ({@code LR}, {@code BETA1}, ...). */
  List<String> hyperParameters();

  /**
   * The javadoc of one of the optimizer's state slots (fields in the layout of {@code params}), which
   * {@link org.optspec.processor.plan.MemoryPlanner} allocates for the optimizer.
   */
  default String slotDoc(String slot) {
    return slot;
  }

  /** Adds the body of group {@code g}'s update to {@code m}, which has the parameter {@code double lr}. */
  void groupBody(EmitContext ctx, HyperParameters hp, Optimizer.Group g, String start, String end, MethodSpec.Builder m);
}
