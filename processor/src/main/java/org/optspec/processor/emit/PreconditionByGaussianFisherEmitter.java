package org.optspec.processor.emit;

import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import javax.lang.model.element.Modifier;
import org.optspec.processor.ir.ObjectiveProgram;
import org.optspec.processor.ir.Sampling;
import org.optspec.processor.ir.Transform;

/**
 * natural_gradient(metric: gaussian)'s u = F⁻¹g with the analytic Fisher metric of each normal over its own
 * (loc μ, scale σ), F = diag(1/σ², 2/σ²): {@code u_μ = σ²·g_μ}, {@code u_σ = σ²/2·g_σ}, σ read before the update. The
 * checker has made sure every parameter is the loc or the scale of exactly one such normal. It runs once before the
 * groups' loops, which start from its direction.
 */
final class PreconditionByGaussianFisherEmitter implements TransformEmitter {

  @Override
  public String name() {
    return "precondition_by_gaussian_fisher";
  }

  @Override
  public Scope scope() {
    return Scope.ALL;
  }

  @Override
  public String initialUpdate() {
    return "direction[i]";
  }

  @Override
  public void fields(EmitContext ctx, TypeSpec.Builder type) {
    type.addField(FieldSpec.builder(ctx.types().array(), "direction", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("precondition_by_gaussian_fisher: F⁻¹g, the direction every group moves along.\n")
        .initializer("new $T[PARAMETER_COUNT]", ctx.types().elem()).build());
  }

  @Override
  public void beforeGroups(EmitContext ctx, Transform t, MethodSpec.Builder update) {
    update.addComment("precondition_by_gaussian_fisher: F = diag(1/σ², 2/σ²) per normal, F⁻¹g into direction");
    Types types = ctx.types();
    for (Sampling.Gaussian g : ((ObjectiveProgram) ctx.optimization()).sampling().orElseThrow().gaussians()) {
      String loc = ctx.plan().tensor(g.loc()).constant();
      String scale = ctx.plan().tensor(g.scale()).constant();
      update.addCode("{\n$>")
          .addComment("normal($L, $L)", g.loc(), g.scale())
          .addStatement("double variance = $Lparams[$L] * $Lparams[$L]", types.widen(), scale, types.widen(), scale)
          .addStatement("direction[$L] = $L", loc, types.castExpr("variance * grads[" + loc + "]"))
          .addStatement("direction[$L] = $L", scale, types.castExpr("variance / 2 * grads[" + scale + "]"))
          .addCode("$<}\n");
    }
  }
}
