package org.optspec.processor.emit;

import static org.optspec.processor.emit.EmitContext.constant;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import org.optspec.processor.ir.Loss;

/** {@code huber(delta)}: torch.nn.HuberLoss, mean over all n × OUT elements. */
final class HuberLossEmitter implements LossEmitter {

  @Override
  public void constants(EmitContext ctx, TypeSpec.Builder type) {
    Loss loss = ctx.program().loss();
    type.addField(constant(TypeName.DOUBLE, "HUBER_DELTA", CodeBlock.of("$L", loss.delta()),
        "Where the Huber loss turns from quadratic to linear: " + loss.origin().describe()));
  }

  @Override
  public void body(EmitContext ctx, MethodSpec.Builder m) {
    Loss loss = ctx.program().loss();
    String out = ctx.output(ctx.program().lastLayer());
    String grad = ctx.gradient(ctx.program().lastLayer());
    m.addJavadoc("$L\n<p>Huber loss over all n × OUT elements (torch.nn.HuberLoss): 0.5 d² where |d| <= delta, else\n"
            + "delta (|d| - 0.5 delta); when {@code gradient}, writes dLoss/dout = clamp(d, ±delta) / (n × OUT) into\n"
            + "{@code $L}.\n", loss.origin().describe(), grad)
        .addStatement("int count = n * OUT")
        .addStatement("double total = 0")
        .beginControlFlow("for (int i = 0; i < count; i++)")
        .addStatement("double diff = $L$L[i] - y[i]", ctx.types().widen(), out)
        .addStatement("double abs = $T.abs(diff)", Math.class)
        .addStatement("total += abs <= HUBER_DELTA ? 0.5 * diff * diff : HUBER_DELTA * (abs - 0.5 * HUBER_DELTA)")
        .beginControlFlow("if (gradient)")
        .addStatement("$L[i] = $L", grad,
            ctx.types().castExpr("Math.max(-HUBER_DELTA, Math.min(HUBER_DELTA, diff)) / count"))
        .endControlFlow()
        .endControlFlow()
        .addStatement("return total / count");
  }
}
