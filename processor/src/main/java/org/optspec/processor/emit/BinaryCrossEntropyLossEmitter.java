package org.optspec.processor.emit;

import static org.optspec.processor.emit.EmitContext.constName;

import com.palantir.javapoet.MethodSpec;
import org.optspec.processor.ir.Layer;
import org.optspec.processor.ir.Loss;

/**
 * {@code binary_cross_entropy}: torch.nn.BCEWithLogitsLoss, on the last layer's logits, in the stable form
 * {@code max(z, 0) − z·y + log(1 + exp(−|z|))}; mean over all n × logits elements.
 */
final class BinaryCrossEntropyLossEmitter implements LossEmitter {

  @Override
  public void body(EmitContext ctx, MethodSpec.Builder m) {
    Loss loss = ctx.program().loss();
    Layer last = ctx.program().lastLayer();
    String out = ctx.output(last);
    String grad = ctx.gradient(last);
    m.addJavadoc("$L\n<p>Binary cross-entropy with logits (torch.nn.BCEWithLogitsLoss), stable form\n"
            + "max(z, 0) - z y + log(1 + exp(-|z|)), mean over the n × $L_OUT logits; when {@code gradient}, writes\n"
            + "dLoss/dz = (sigmoid(z) - y) / count into {@code $L}.\n", loss.origin().describe(), constName(last.name()), grad)
        .addStatement("int count = n * $L_OUT", constName(last.name()))
        .addStatement("double total = 0")
        .beginControlFlow("for (int i = 0; i < count; i++)")
        .addStatement("double z = $L[i]", out)
        .addStatement("double target = y[i]");
    if (loss.isBinaryClassifier(ctx.program().data())) {
      m.beginControlFlow("if (target != 0 && target != 1)")
          .addStatement("throw new $T($S + target)", IllegalArgumentException.class, "class label out of range 0..1: ")
          .endControlFlow();
    }
    m.addStatement("total += $T.max(z, 0) - z * target + $T.log1p($T.exp(-$T.abs(z)))", Math.class, Math.class,
            Math.class, Math.class)
        .beginControlFlow("if (gradient)")
        .addStatement("$L[i] = $L", grad, ctx.types().castExpr("(1 / (1 + Math.exp(-z)) - target) / count"))
        .endControlFlow()
        .endControlFlow()
        .addStatement("return total / count");
  }
}
