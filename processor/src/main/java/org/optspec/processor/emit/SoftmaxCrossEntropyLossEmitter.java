package org.optspec.processor.emit;

import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import javax.lang.model.element.Modifier;
import org.optspec.processor.ir.Loss;

/** {@code softmax_cross_entropy}: fused softmax and negative log-likelihood with a stable log-sum-exp. */
final class SoftmaxCrossEntropyLossEmitter implements LossEmitter {

  /** The scratch row of exponentials: allocated with the trainer, so dataLoss allocates nothing. */
  @Override
  public void constants(EmitContext ctx, TypeSpec.Builder type) {
    type.addField(FieldSpec.builder(double[].class, "rowExps", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("exp(logit - max) of the row {@code dataLoss} is on: computed once for the sum, reused for the\n"
            + "gradient's softmax (half the {@code Math.exp} calls of computing it again).\n")
        .initializer("new double[OUT]")
        .build());
  }

  @Override
  public void body(EmitContext ctx, MethodSpec.Builder m) {
    Loss loss = ctx.program().loss();
    String out = ctx.output(ctx.program().lastLayer());
    String grad = ctx.gradient(ctx.program().lastLayer());
    m.addJavadoc("$L\n<p>Fused softmax and negative log-likelihood with a stable log-sum-exp, mean over the rows;\n"
            + "when {@code gradient}, writes dLoss/dlogits = (softmax - onehot) / n into {@code $L}, the softmax from\n"
            + "the exponentials the sum already computed.\n",
            loss.origin().describe(), grad)
        .addStatement("double total = 0")
        .beginControlFlow("for (int r = 0; r < n; r++)")
        .addStatement("int row = r * OUT")
        .addStatement("int label = (int) y[r]")
        .beginControlFlow("if (label < 0 || label >= OUT)")
        .addStatement("throw new $T($S + label)", IllegalArgumentException.class,
            "class label out of range 0.." + (ctx.program().outputs() - 1) + ": ")
        .endControlFlow()
        .addStatement("double max = $L[row]", out)
        .beginControlFlow("for (int j = 1; j < OUT; j++)")
        .addStatement("max = $T.max(max, $L[row + j])", Math.class, out)
        .endControlFlow()
        .addStatement("double sum = 0")
        .beginControlFlow("for (int j = 0; j < OUT; j++)")
        .addStatement("double e = $T.exp($L[row + j] - max)", Math.class, out)
        .addStatement("rowExps[j] = e")
        .addStatement("sum += e")
        .endControlFlow()
        .addStatement("double logSumExp = max + $T.log(sum)", Math.class)
        .addStatement("total += logSumExp - $L[row + label]", out)
        .beginControlFlow("if (gradient)")
        .beginControlFlow("for (int j = 0; j < OUT; j++)")
        .addStatement("double p = rowExps[j] / sum")
        .addStatement("$L[row + j] = $L", grad, ctx.types().castExpr("(j == label ? p - 1 : p) / n"))
        .endControlFlow()
        .endControlFlow()
        .endControlFlow()
        .addStatement("return total / n");
  }
}
