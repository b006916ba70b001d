package org.optspec.processor.emit;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import java.util.List;
import org.optspec.processor.ir.Optimizer;

/**
 * One optimizer: the hyper-parameters its update reads and the body of a group's fused update
 * {@code update<Group>(double lr)}, one loop over {@code [start, end)} of the flat arrays. Every optimizer is a
 * composition of transforms emitted by {@link ChainEmitter}; {@link OptimizerEmitters#of} gives each
 * {@link Optimizer.Kind} its hyper-parameters and slot docs.
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

  /**
   * Adds the optimizer's scalar state per group (NAdam's running product of μ, ASGD's η and μ) as fields: state the
   * torch optimizer keeps as 0-dim tensors, identical for every element of a group because all step together.
   */
  default void fields(EmitContext ctx, HyperParameters hp, Optimizer opt, TypeSpec.Builder type) {}

  /** Adds statements to the constructor that give the slots and scalar state their initial values (zeros by default). */
  default void initState(EmitContext ctx, HyperParameters hp, Optimizer opt, MethodSpec.Builder constructor) {}

  /** Adds statements to {@code update()} after the learning rate and before the groups' updates. */
  default void beforeGroups(EmitContext ctx, Optimizer opt, MethodSpec.Builder update) {}

  /** Adds private helper methods the group updates call. */
  default void helpers(EmitContext ctx, Optimizer opt, TypeSpec.Builder type) {}

  /**
   * A tensor of optimizer state outside the layout of the parameters, as a checkpoint carries it.
   *
   * @param name the checkpoint name, torch's ({@code optimizer.row_var.dense0.weight})
   * @param array the field that holds it
   * @param offset the constant of its offset in that field
   * @param length its element count
   * @param shape torch's shape of it
   */
  record StateTensor(String name, String array, String offset, int length, List<Integer> shape) {}

  /** The optimizer's state outside the layout of the parameters (Adafactor's compact factors), for checkpoints. */
  default List<StateTensor> stateTensors(EmitContext ctx) {
    return List.of();
  }

  /** Adds the body of group {@code g}'s update to {@code m}, which has the parameter {@code double lr}. */
  void groupBody(EmitContext ctx, HyperParameters hp, Optimizer.Group g, String start, String end, MethodSpec.Builder m);
}
