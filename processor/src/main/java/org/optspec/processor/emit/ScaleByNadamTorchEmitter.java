package org.optspec.processor.emit;

import com.palantir.javapoet.MethodSpec;
import java.util.List;
import org.optspec.processor.ir.Optimizer;
import org.optspec.processor.ir.Param;
import org.optspec.processor.ir.Transform;

/**
 * torch.optim.NAdam's step as documented, with the running product of μ_t = β1(1 - ½·0.96^(t·ψ)) as per-group scalar
 * state. It moves p by the gradient's part lr(1-μ_t)/(1-Π_t) · u / denom itself and leaves
 * u = lr·μ_{t+1}/(1-Π_{t+1}) · m / denom, because torch applies the two parts one after the other (two roundings of p).
 */
final class ScaleByNadamTorchEmitter implements TransformEmitter {

  /** The scalar state: the running product of μ. */
  private static final String PRODUCT = "muProduct";

  @Override
  public String name() {
    return "scale_by_nadam_torch";
  }

  @Override
  public List<Slot> slots(Transform t) {
    return List.of(new Slot("expAvg", "exp_avg", "scale_by_nadam_torch's first moment, m"),
        new Slot("expAvgSq", "exp_avg_sq", "scale_by_nadam_torch's second moment, v"));
  }

  @Override
  public List<Scalar> scalars(Optimizer.Group g, Transform t) {
    return List.of(new Scalar(TransformSite.groupField(PRODUCT, g), "scale_by_nadam_torch's running product of μ_1..μ_t "
        + "for group {@code " + g.name() + "} (float64, as torch keeps it).", "1"));
  }

  @Override
  public void prelude(TransformSite s, MethodSpec.Builder m) {
    Types types = s.types();
    String beta1 = s.constant("beta1");
    String beta2 = s.constant("beta2");
    String decay = s.constant("momentum_decay");
    String product = s.groupField(PRODUCT);
    m.addStatement("long t = step + 1")
        .addStatement("double mu = $L * (1 - 0.5 * $T.pow(0.96, t * $L))", beta1, Math.class, decay)
        .addStatement("double muNext = $L * (1 - 0.5 * $T.pow(0.96, (t + 1) * $L))", beta1, Math.class, decay)
        .addStatement("$L *= mu", product)
        .addStatement("double muProductNext = $L * muNext", product)
        .addStatement("$T biasCorrection2Sqrt = $L", types.elem(),
            types.castExpr("Math.pow(1 - Math.pow(" + beta2 + ", t), 0.5)"))
        .addStatement("$T gradStep = $L", types.elem(), types.castExpr("lr * (1 - mu) / (1 - " + product + ")"))
        .addStatement("$T momentumStep = $L", types.elem(), types.castExpr("lr * muNext / (1 - muProductNext)"))
        .addStatement("$T beta1 = $L$L", types.elem(), types.cast(), beta1)
        .addStatement("$T oneMinusBeta1 = $L", types.elem(), types.castExpr("1 - " + beta1))
        .addStatement("$T beta2 = $L$L", types.elem(), types.cast(), beta2)
        .addStatement("$T oneMinusBeta2 = $L", types.elem(), types.castExpr("1 - " + beta2))
        .addStatement("$T eps = $L$L", types.elem(), types.cast(), s.constant("eps"));
  }

  @Override
  public void element(TransformSite s, Param param, LoopBody m) {
    String mu = s.slot(0);
    String nu = s.slot(1);
    m.stmt("$L[i] = beta1 * $L[i] + oneMinusBeta1 * u", mu, mu);
    m.stmt("$L[i] = beta2 * $L[i] + oneMinusBeta2 * u * u", nu, nu);
    m.stmt("$T denom = $L$T.sqrt($L[i]) / biasCorrection2Sqrt + eps", s.types().elem(), s.types().cast(), Math.class, nu);
    m.stmt("params[i] -= gradStep * u / denom");
    m.assign("momentumStep * $L[i] / denom", mu);
  }
}
