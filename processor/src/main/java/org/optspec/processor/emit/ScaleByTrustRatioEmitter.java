package org.optspec.processor.emit;

import static org.optspec.processor.emit.EmitContext.camel;
import static org.optspec.processor.emit.RuntimeTypes.VECTORS;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import javax.lang.model.element.Modifier;
import org.optspec.processor.plan.MemoryPlan;

/**
 * optax.scale_by_trust_ratio(min_norm, trust_coefficient, eps): u times coefficient · ‖p‖ / (‖u‖ + eps) of its tensor,
 * so it needs every element's update of the tensor first.
 */
final class ScaleByTrustRatioEmitter implements TransformEmitter {

  @Override
  public String name() {
    return "scale_by_trust_ratio";
  }

  @Override
  public Scope scope() {
    return Scope.TENSOR;
  }

  @Override
  public void helpers(EmitContext ctx, TypeSpec.Builder type) {
    type.addMethod(MethodSpec.methodBuilder("trustRatio").addModifiers(Modifier.PRIVATE)
        .addJavadoc("optax.scale_by_trust_ratio for one tensor whose update is in {@code grads}: coefficient · ‖p‖ / (‖u‖ + eps),\n"
            + "norms at least minNorm, and 1 when either norm is 0.\n")
        .returns(TypeName.DOUBLE)
        .addParameter(TypeName.INT, "offset").addParameter(TypeName.INT, "length")
        .addParameter(TypeName.DOUBLE, "minNorm").addParameter(TypeName.DOUBLE, "coefficient")
        .addParameter(TypeName.DOUBLE, "eps")
        .addStatement("double paramNorm = $T.max($T.sqrt($T.sumOfSquares(params, offset, length)), minNorm)", Math.class,
            Math.class, VECTORS)
        .addStatement("double updateNorm = $T.max($T.sqrt($T.sumOfSquares(grads, offset, length)), minNorm)", Math.class,
            Math.class, VECTORS)
        .addStatement("return paramNorm == 0 || updateNorm == 0 ? 1 : coefficient * paramNorm / (updateNorm + eps)")
        .build());
  }

  @Override
  public Reduced reduce(TransformSite s, MemoryPlan.Tensor tensor, String divisor, MethodSpec.Builder m) {
    String factor = "trust" + camel(tensor.name());
    m.addStatement("$T $L = $LtrustRatio($L, $L, $L, $L, $L)", s.types().elem(), factor, s.types().cast(), tensor.constant(),
        tensor.constant() + "_SIZE", s.option("min_norm"), s.option("trust_coefficient"), s.option("eps"));
    return new Reduced(factor, null);
  }
}
