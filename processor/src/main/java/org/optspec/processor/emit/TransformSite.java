package org.optspec.processor.emit;

import static org.optspec.processor.emit.EmitContext.camel;

import java.util.List;
import org.optspec.processor.ir.Optimizer;
import org.optspec.processor.ir.Transform;

/**
 * One transform of one group's chain, as {@link ChainEmitter} hands it to its {@link TransformEmitter}: the context,
 * the group, the transform with its options, its slots' fields and the bounds of the group's range.
 *
 * @param slots the fields of the transform's {@link TransformEmitter#slots}, suffixed when its kind repeats
 * @param start the constant of the group's first element ({@code DEFAULT_START})
 * @param end the constant of the element after the group's last
 */
record TransformSite(EmitContext ctx, HyperParameters hp, Optimizer.Group group, Transform transform,
    List<String> slots, String start, String end) {

  Types types() {
    return ctx.types();
  }

  /** The field of the transform's {@code i}-th slot. */
  String slot(int i) {
    return slots.get(i);
  }

  /** An option of the transform as the spec (or the catalogue's default) gave it. */
  double option(String name) {
    return transform.option(name);
  }

  /** A flag of the transform. */
  boolean flag(String name) {
    return transform.flag(name);
  }

  /** The constant the group's update reads for the optimizer's hyper-parameter {@code h} ({@code BETA1}). */
  String constant(String h) {
    return hp.constant(group, h);
  }

  /** The group's field of a scalar state named {@code base} ({@code muProduct} → {@code muProductDefault}). */
  String groupField(String base) {
    return groupField(base, group);
  }

  /** Group {@code g}'s field of a scalar state named {@code base}. */
  static String groupField(String base, Optimizer.Group g) {
    return base + camel(g.name());
  }
}
