package org.optspec.processor.emit;

import com.palantir.javapoet.MethodSpec;
import org.optspec.processor.ir.Loss;

/** {@code mse}: torch.nn.MSELoss, mean over all n × OUT elements. */
final class MseLossEmitter implements LossEmitter {

  @Override
  public void body(EmitContext ctx, MethodSpec.Builder m) {
    Loss loss = ctx.program().loss();
    String out = ctx.output(ctx.program().lastLayer());
    String grad = ctx.gradient(ctx.program().lastLayer());
    m.addJavadoc("$L\n<p>Mean squared error over all n × OUT elements (torch.nn.MSELoss); when {@code gradient},\n"
            + "writes dLoss/dout = 2 (out - y) / (n × OUT) into {@code $L}.\n", loss.origin().describe(), grad)
        .addStatement("int count = n * OUT")
        .addStatement("double total = 0")
        // one division per batch, not per element: a division in the loop cost W1 (10,000 rows) 20% of its step
        .addStatement("double gradScale = 2.0 / count")
        .beginControlFlow("for (int i = 0; i < count; i++)")
        .addStatement("double diff = $L$L[i] - y[i]", ctx.types().widen(), out)
        .addStatement("total += diff * diff")
        .beginControlFlow("if (gradient)")
        .addStatement("$L[i] = $L", grad, ctx.types().castExpr("diff * gradScale"))
        .endControlFlow()
        .endControlFlow()
        .addStatement("return total / count");
  }
}
