package org.optspec.processor.emit;

import com.palantir.javapoet.MethodSpec;
import org.optspec.processor.ir.Loss;

/** {@code mae}: torch.nn.L1Loss, mean absolute error over all n × OUT elements. */
final class MaeLossEmitter implements LossEmitter {

  @Override
  public void body(EmitContext ctx, MethodSpec.Builder m) {
    Loss loss = ctx.program().loss();
    String out = ctx.output(ctx.program().lastLayer());
    String grad = ctx.gradient(ctx.program().lastLayer());
    m.addJavadoc("$L\n<p>Mean absolute error over all n × OUT elements (torch.nn.L1Loss); when {@code gradient},\n"
            + "writes dLoss/dout = sign(out - y) / (n × OUT) into {@code $L} (0 where out = y, as torch's sign).\n",
            loss.origin().describe(), grad)
        .addStatement("int count = n * OUT")
        .addStatement("double total = 0")
        .beginControlFlow("for (int i = 0; i < count; i++)")
        .addStatement("double diff = $L$L[i] - y[i]", ctx.types().widen(), out)
        .addStatement("total += $T.abs(diff)", Math.class)
        .beginControlFlow("if (gradient)")
        .addStatement("$L[i] = $L", grad, ctx.types().castExpr("Math.signum(diff) / count"))
        .endControlFlow()
        .endControlFlow()
        .addStatement("return total / count");
  }
}
