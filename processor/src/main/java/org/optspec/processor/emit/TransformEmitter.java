package org.optspec.processor.emit;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import java.util.List;
import org.optspec.processor.ir.Optimizer;
import org.optspec.processor.ir.Param;
import org.optspec.processor.ir.Transform;
import org.optspec.processor.plan.MemoryPlan;

/**
 * Everything about one primitive gradient transform of a chain, in one place, as optax keeps a transform's state type,
 * {@code init_fn} and {@code update_fn} together: the state it keeps (slots in the layout of the parameters, per-group
 * scalars, tensors of its own layout), the scalars a group's update computes before its loop (prelude), its code per
 * element of the update u, what it does after the loop (epilogue), and how far it reduces. Its options and their
 * defaults are the catalogue's (grammar's {@code OptimizerEntries}); the torch-exact transforms read the optimizer's
 * hyper-parameter constants instead ({@link TransformSite#constant}). {@link ChainEmitter} fuses the transforms of a
 * chain into loops; {@link TransformEmitters} lists them. docs/ARCHITECTURE.md has the recipe for adding one.
 */
interface TransformEmitter {

  /** How far a transform reaches beyond the element it updates. */
  enum Scope {
    /** Elementwise: fused into one loop with the other elementwise transforms. */
    ELEMENT,
    /** Reduces over the update of one tensor (or unit): the loop before it must finish the tensor first. */
    TENSOR,
    /** Reduces over every parameter of every group: may only come first, runs once before the groups' updates. */
    ALL
  }

  /**
   * A state array in the layout of the parameters.
   *
   * @param field the generated field ({@code expAvg})
   * @param checkpoint torch's state name, the middle of a checkpoint's {@code optimizer.<checkpoint>.<param>}
   * @param doc the field's javadoc
   */
  record Slot(String field, String checkpoint, String doc) {

    /** The slot of a transform whose kind repeats in the chain: field and checkpoint name suffixed with its position. */
    Slot at(int index) {
      return new Slot(field + index, checkpoint + index, doc);
    }
  }

  /**
   * Per-group scalar state (torch's 0-dim tensors, identical for every element of the group), a field that a checkpoint
   * carries as {@code optspec.state.<field>} by its exact bits.
   *
   * @param field the generated field
   * @param doc its javadoc
   * @param initializer its initial value, or null for 0
   */
  record Scalar(String field, String doc, String initializer) {}

  /**
   * A tensor of state outside the layout of the parameters, as a checkpoint carries it.
   *
   * @param name the checkpoint name, torch's ({@code optimizer.row_var.dense0.weight})
   * @param array the field that holds it
   * @param offset the constant of its offset in that field
   * @param length its element count
   * @param shape torch's shape of it
   */
  record StateTensor(String name, String array, String offset, int length, List<Integer> shape) {}

  /**
   * What a {@link Scope#TENSOR} transform leaves for the stage after it.
   *
   * @param factor the scalar the next loop multiplies u by, or null
   * @param divisor a scalar the next reduction folds into its factor (Adafactor's clipping denominator), or null
   */
  record Reduced(String factor, String divisor) {
    static final Reduced NOTHING = new Reduced(null, null);
  }

  /** The transform's name in a chain and in the IR ({@code scale_by_adam}, {@code scale_by_nadam_torch}). */
  String name();

  default Scope scope() {
    return Scope.ELEMENT;
  }

  /** The state arrays of transform {@code t} (which may depend on its flags: amsgrad, centered). */
  default List<Slot> slots(Transform t) {
    return List.of();
  }

  /** The scalar state of transform {@code t} in group {@code g}. */
  default List<Scalar> scalars(Optimizer.Group g, Transform t) {
    return List.of();
  }

  /** Fields the class needs once however many groups use the transform (buffers, a solver, offset constants). */
  default void fields(EmitContext ctx, TypeSpec.Builder type) {}

  /** Private helper methods the updates call, once per class. */
  default void helpers(EmitContext ctx, TypeSpec.Builder type) {}

  /** The state outside the layout of the parameters, for checkpoints. */
  default List<StateTensor> stateTensors(EmitContext ctx) {
    return List.of();
  }

  /** Constructor statements giving the state its initial values (zeros by default). */
  default void initState(TransformSite s, MethodSpec.Builder constructor) {}

  /** A {@link Scope#ALL} transform's work in {@code update()}, after the learning rate and before the groups' updates. */
  default void beforeGroups(EmitContext ctx, Transform t, MethodSpec.Builder update) {
    throw new IllegalStateException(name() + " does not reduce over all parameters");
  }

  /** The value u starts from in every group's loop when this {@link Scope#ALL} transform comes first. */
  default String initialUpdate() {
    return "grads[i]";
  }

  /** The group's scalars the per-element code reads, before the group's loops. */
  default void prelude(TransformSite s, MethodSpec.Builder m) {}

  /** An {@link Scope#ELEMENT} transform's code for element {@code i} of {@code param}. */
  default void element(TransformSite s, Param param, LoopBody body) {
    throw new IllegalStateException(name() + " is not elementwise");
  }

  /**
   * What decides the transform's code for one tensor (a selective weight decay: whether it applies); tensors alike for
   * every transform of a chain share one loop.
   */
  default Object variant(Transform t, Param param) {
    return null;
  }

  /** What a {@link Scope#TENSOR} transform reduces over, for the generated comment: tensor or unit. */
  default String reductionUnit() {
    return "tensor";
  }

  /** Appended to the comment that opens a tensor's stages (a factored moment's shape), or "". */
  default String tensorNote(EmitContext ctx, MemoryPlan.Tensor tensor) {
    return "";
  }

  /**
   * A {@link Scope#TENSOR} transform's reduction over {@code tensor}, whose update the loop before left in
   * {@code grads}; {@code divisor} is the one the reduction before left.
   */
  default Reduced reduce(TransformSite s, MemoryPlan.Tensor tensor, String divisor, MethodSpec.Builder m) {
    throw new IllegalStateException(name() + " does not reduce over a tensor");
  }

  /** After the group's loops: the group's scalar state of the next step. */
  default void epilogue(TransformSite s, MethodSpec.Builder m) {}
}
