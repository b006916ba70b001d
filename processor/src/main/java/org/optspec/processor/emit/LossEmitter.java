package org.optspec.processor.emit;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import javax.lang.model.element.Modifier;

/**
 * One loss: the body of {@code double dataLoss(y, n, gradient)}, which returns the mean loss over the rows and,
 * when {@code gradient}, writes dLoss/d(output of the last layer) into its gradient buffer. One implementation per
 * {@link org.optspec.processor.ir.Loss.Kind}, registered in {@link LossEmitters#of}.
 */
interface LossEmitter {

  /** The loss's constants, if it has any. */
  default void constants(EmitContext ctx, TypeSpec.Builder type) {}

  /** Adds the javadoc and body to {@code m}, which already has the signature. */
  void body(EmitContext ctx, MethodSpec.Builder m);

  /** {@code private double dataLoss(<array> y, int n, boolean gradient)}. */
  static MethodSpec dataLoss(EmitContext ctx) {
    MethodSpec.Builder m = MethodSpec.methodBuilder("dataLoss").addModifiers(Modifier.PRIVATE)
        .returns(TypeName.DOUBLE)
        .addParameter(ctx.types().array(), "y").addParameter(TypeName.INT, "n").addParameter(TypeName.BOOLEAN, "gradient");
    LossEmitters.of(ctx.program().loss()).body(ctx, m);
    return m.build();
  }
}
