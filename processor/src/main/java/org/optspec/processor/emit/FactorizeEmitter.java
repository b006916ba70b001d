package org.optspec.processor.emit;

import static org.optspec.processor.emit.EmitContext.constName;
import static org.optspec.processor.emit.EmitContext.constant;
import static org.optspec.processor.emit.RuntimeTypes.VECTORS;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.List;
import javax.lang.model.element.Modifier;
import org.optspec.processor.ir.Layer;

/**
 * {@code factorize}: matrix factorization over (user, item) id pairs, {@code out = p_u · q_i} plus
 * {@code mean + b_u + b_i} with biases. The tables are embeddings with torch's dense gradients: backward writes the
 * whole gradient of each table (zero for rows the batch does not touch), so every optimizer sees what torch's
 * nn.Embedding(sparse=False) gives it.
 */
final class FactorizeEmitter implements LayerEmitter {

  @Override
  public void constants(EmitContext ctx, Layer layer, TypeSpec.Builder type) {
    Layer.Factorize f = (Layer.Factorize) layer;
    String p = constName(layer.name());
    type.addField(constant(TypeName.INT, p + "_USERS", CodeBlock.of("$L", f.users()), layer.origin().describe()
        + "\n<p>User ids are 0..USERS-1 (input column 0)."));
    type.addField(constant(TypeName.INT, p + "_ITEMS", CodeBlock.of("$L", f.items()), "Item ids are 0..ITEMS-1 (input column 1)."));
    type.addField(constant(TypeName.INT, p + "_FACTORS", CodeBlock.of("$L", f.factors()), "Factors per user and per item."));
    type.addField(constant(TypeName.INT, p + "_OUT", CodeBlock.of("1"), "One predicted rating per pair."));
  }

  @Override
  public void state(EmitContext ctx, Layer layer, TypeSpec.Builder type) {
    if (((Layer.Factorize) layer).bias()) {
      type.addField(FieldSpec.builder(double[].class, layer.name() + "Mean", Modifier.PRIVATE, Modifier.FINAL)
          .addJavadoc("{@code [0]}: the global mean of the training targets, set when fit starts (0 before).\n").build());
    }
  }

  @Override
  public void initState(EmitContext ctx, Layer layer, MethodSpec.Builder constructor) {
    if (((Layer.Factorize) layer).bias()) {
      constructor.addStatement("$LMean = new double[1]", layer.name());
    }
  }

  @Override
  public List<String> evaluationState(Layer layer) {
    return ((Layer.Factorize) layer).bias() ? List.of(layer.name() + "Mean") : List.of();
  }

  @Override
  public void beforeFit(EmitContext ctx, Layer layer, MethodSpec.Builder fit) {
    if (((Layer.Factorize) layer).bias()) {
      fit.addComment("The global mean of factorize's prediction: the mean training target.")
          .addStatement("double targetSum = 0")
          .beginControlFlow("for (int r = 0; r < train.rows(); r++)")
          .addStatement("targetSum += train.y()[r]")
          .endControlFlow()
          .addStatement("$LMean[0] = train.rows() == 0 ? 0 : targetSum / train.rows()", layer.name());
    }
  }

  @Override
  public MethodSpec forward(EmitContext ctx, int i) {
    Layer.Factorize layer = (Layer.Factorize) ctx.layer(i);
    String f = layer.name();
    String p = constName(f);
    MethodSpec.Builder m = LayerEmitter.forwardMethod(ctx, layer)
        .addJavadoc("$L\n<p>out = $Lp_user · q_item.\n", layer.origin().describe(),
            layer.bias() ? "mean + b_user + b_item + " : "")
        .beginControlFlow("for (int r = 0; r < n; r++)")
        .addStatement("int user = (int) in[2 * r]")
        .addStatement("int item = (int) in[2 * r + 1]")
        .beginControlFlow("if (user < 0 || user >= $L_USERS || item < 0 || item >= $L_ITEMS)", p, p)
        .addStatement("throw new $T($S + user + $S + item + $S)", IllegalArgumentException.class,
            "row (user ", ", item ", ") is outside " + layer.users() + " users × " + layer.items() + " items")
        .endControlFlow()
        .addStatement("int pu = $L + user * $L_FACTORS", constName(f + ".user_factors"), p)
        .addStatement("int qi = $L + item * $L_FACTORS", constName(f + ".item_factors"), p)
        .addStatement("double dot = 0")
        .beginControlFlow("for (int k = 0; k < $L_FACTORS; k++)", p)
        .addStatement("dot += params[pu + k] * params[qi + k]")
        .endControlFlow();
    if (layer.bias()) {
      m.addStatement("$L[r] = $L($LMean[0] + params[$L + user] + params[$L + item] + dot)", ctx.output(layer),
          ctx.types().cast(), f, constName(f + ".user_bias"), constName(f + ".item_bias"));
    } else {
      m.addStatement("$L[r] = $Ldot", ctx.output(layer), ctx.types().cast());
    }
    return m.endControlFlow().build();
  }

  @Override
  public CodeBlock backwardCall(EmitContext ctx, int i) {
    return CodeBlock.of("$LBackward($L, n)", ctx.layer(i).name(), ctx.inputOf(i));
  }

  @Override
  public MethodSpec backward(EmitContext ctx, int i) {
    Layer.Factorize layer = (Layer.Factorize) ctx.layer(i);
    String f = layer.name();
    String p = constName(f);
    String dOut = ctx.gradient(layer);
    String pf = constName(f + ".user_factors");
    String qf = constName(f + ".item_factors");
    MethodSpec.Builder m = LayerEmitter.backwardMethod(layer)
        .addJavadoc("$L\n<p>dp_user += dOut · q_item, dq_item += dOut · p_user$L; rows no pair touches get 0.\n",
            layer.origin().describe(), layer.bias() ? ", db_user += dOut, db_item += dOut" : "")
        .addParameter(ctx.types().array(), "in").addParameter(TypeName.INT, "n");
    List<String> tensors = layer.bias()
        ? List.of(pf, qf, constName(f + ".user_bias"), constName(f + ".item_bias")) : List.of(pf, qf);
    for (String t : tensors) {
      m.addStatement("$T.fill(grads, $L, $L_SIZE, 0)", VECTORS, t, t);
    }
    m.beginControlFlow("for (int r = 0; r < n; r++)")
        .addStatement("int user = (int) in[2 * r]")
        .addStatement("int item = (int) in[2 * r + 1]")
        .addStatement("$T d = $L[r]", ctx.types().elem(), dOut)
        .addStatement("int pu = $L + user * $L_FACTORS", pf, p)
        .addStatement("int qi = $L + item * $L_FACTORS", qf, p)
        .beginControlFlow("for (int k = 0; k < $L_FACTORS; k++)", p)
        .addStatement("grads[pu + k] += d * params[qi + k]")
        .addStatement("grads[qi + k] += d * params[pu + k]")
        .endControlFlow();
    if (layer.bias()) {
      m.addStatement("grads[$L + user] += d", constName(f + ".user_bias"))
          .addStatement("grads[$L + item] += d", constName(f + ".item_bias"));
    }
    return m.endControlFlow().build();
  }
}
