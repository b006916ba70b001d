package org.optspec.processor.emit;

import static org.optspec.processor.emit.RuntimeTypes.VECTORS;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.Optional;
import javax.lang.model.element.Modifier;
import org.optspec.processor.ir.Clip;
import org.optspec.processor.ir.Layer;
import org.optspec.processor.ir.Param;
import org.optspec.processor.ir.Optimization;
import org.optspec.processor.ir.TrainingProgram;
import org.optspec.processor.plan.MemoryPlan;

/** {@code clip}: its constants, state, {@code clipGradients()} and its call in {@code step}. */
final class ClippingEmitter {

  private final EmitContext ctx;
  private final Optimization program;
  private final Optional<Clip> clip;

  ClippingEmitter(EmitContext ctx) {
    this.ctx = ctx;
    this.program = ctx.optimization();
    this.clip = program.clip();
  }

  boolean active() {
    return clip.isPresent();
  }

  void constants(TypeSpec.Builder type) {
    if (clip.isEmpty()) {
      return;
    }
    String doc = clip.get().origin().describe();
    if (clip.get() instanceof Clip.GlobalNorm c) {
      type.addField(EmitContext.constant(TypeName.DOUBLE, "CLIP_MAX_NORM", CodeBlock.of("$L", c.maxNorm()), doc));
    } else if (clip.get() instanceof Clip.ByValue c) {
      type.addField(EmitContext.constant(TypeName.DOUBLE, "CLIP_MAX_VALUE", CodeBlock.of("$L", c.max()), doc));
    } else if (clip.get() instanceof Clip.Adaptive c) {
      type.addField(EmitContext.constant(TypeName.DOUBLE, "CLIP_FACTOR", CodeBlock.of("$L", c.factor()), doc));
      type.addField(EmitContext.constant(TypeName.DOUBLE, "CLIP_BETA", CodeBlock.of("$L", c.beta()), null));
    } else if (clip.get() instanceof Clip.Agc c) {
      type.addField(EmitContext.constant(TypeName.DOUBLE, "CLIP_AGC", CodeBlock.of("$L", c.clipping()), doc));
      type.addField(EmitContext.constant(TypeName.DOUBLE, "CLIP_AGC_EPS", CodeBlock.of("$L", c.eps()), null));
    }
  }

  /** The running statistic of adaptive clipping. */
  void fields(TypeSpec.Builder type) {
    if (clip.isPresent() && clip.get() instanceof Clip.Adaptive) {
      type.addField(FieldSpec.builder(TypeName.DOUBLE, "clipNormAverage", Modifier.PRIVATE)
          .addJavadoc("Adaptive clipping: the exponential moving average of the clipped global norms, not bias-corrected.\n")
          .build());
      type.addField(FieldSpec.builder(TypeName.LONG, "clipNorms", Modifier.PRIVATE)
          .addJavadoc("Adaptive clipping: how many norms {@link #clipNormAverage} has seen.\n").build());
    }
  }

  /** The statement in {@code step} between the gradients and the update. */
  void call(MethodSpec.Builder step) {
    if (active()) {
      step.addStatement("clipGradients()");
    }
  }

  void methods(TypeSpec.Builder type) {
    boolean chainClipsUnits = ClipAdaptiveEmitter.inAnyChain(program.optimizer());
    if (chainClipsUnits || clip.filter(Clip.Agc.class::isInstance).isPresent()) {
      type.addMethod(clipUnits());
    }
    if (clip.isEmpty()) {
      return;
    }
    MethodSpec.Builder m = MethodSpec.methodBuilder("clipGradients").addModifiers(Modifier.PRIVATE);
    String doc = clip.get().origin().describe();
    if (clip.get() instanceof Clip.GlobalNorm) {
      m.addJavadoc("$L\n<p>torch.nn.utils.clip_grad_norm_: scales all gradients by max_norm / (norm + 1e-6) when that is < 1.\n", doc)
          .addStatement("double norm = $T.sqrt($T.sumOfSquares(grads, 0, PARAMETER_COUNT))", Math.class, VECTORS)
          .addStatement("double coef = CLIP_MAX_NORM / (norm + 1e-6)")
          .beginControlFlow("if (coef < 1)")
          .addStatement("$T.scale(grads, 0, PARAMETER_COUNT, coef)", VECTORS)
          .endControlFlow();
    } else if (clip.get() instanceof Clip.ByValue) {
      m.addJavadoc("$L\n<p>torch.nn.utils.clip_grad_value_: every gradient element into [-max, max].\n", doc)
          .addStatement("$T max = $LCLIP_MAX_VALUE", ctx.types().elem(), ctx.types().cast())
          .beginControlFlow("for (int i = 0; i < PARAMETER_COUNT; i++)")
          .addStatement("grads[i] = $T.max(-max, $T.min(max, grads[i]))", Math.class, Math.class)
          .endControlFlow();
    } else if (clip.get() instanceof Clip.Adaptive) {
      m.addJavadoc("$L\n<p>Clips the global norm to factor × the bias-corrected moving average of the previous steps' clipped\n"
              + "norms (scaling as clip_grad_norm_ does), then adds this step's clipped norm to the average. The first step\n"
              + "has no average and is not clipped.\n", doc)
          .addStatement("double norm = $T.sqrt($T.sumOfSquares(grads, 0, PARAMETER_COUNT))", Math.class, VECTORS)
          .beginControlFlow("if (clipNorms > 0)")
          .addStatement("double threshold = CLIP_FACTOR * clipNormAverage / (1 - $T.pow(CLIP_BETA, clipNorms))", Math.class)
          .addStatement("double coef = threshold / (norm + 1e-6)")
          .beginControlFlow("if (coef < 1)")
          .addStatement("$T.scale(grads, 0, PARAMETER_COUNT, coef)", VECTORS)
          .addStatement("norm *= coef")
          .endControlFlow()
          .endControlFlow()
          .addStatement("clipNormAverage = CLIP_BETA * clipNormAverage + (1 - CLIP_BETA) * norm")
          .addStatement("clipNorms++");
    } else if (clip.get() instanceof Clip.Agc) {
      m.addJavadoc("$L\n<p>Adaptive gradient clipping, per unit: a weight matrix row (one output unit) or a whole bias vector.\n", doc);
      for (MemoryPlan.Tensor tensor : ctx.plan().tensors()) {
        int rows = rows(program, tensor);
        m.addStatement("clipUnits($L, $L, $L, CLIP_AGC, CLIP_AGC_EPS)", tensor.constant(), rows, tensor.length() / rows);
      }
    }
    type.addMethod(m.build());
  }

  /** A weight matrix's rows are its output units; any other tensor is one unit. */
  static int rows(Optimization program, MemoryPlan.Tensor tensor) {
    Param p = program.params().stream().filter(q -> q.name().equals(tensor.name())).findFirst().orElseThrow();
    // an objective's parameter (role PARAMETER) is one unit, matrix or not
    if (p.role() == Param.Role.WEIGHT && program instanceof TrainingProgram trainer) {
      for (Layer layer : trainer.layers()) {
        if (layer.name().equals(p.layer()) && p.size() % layer.outputSize() == 0) {
          return layer.outputSize();
        }
      }
    }
    return 1;
  }

  private MethodSpec clipUnits() {
    return MethodSpec.methodBuilder("clipUnits").addModifiers(Modifier.PRIVATE)
        .addJavadoc("optax.adaptive_grad_clip on {@code rows} units of {@code columns} elements of {@code grads} (the gradient,\n"
            + "or a chain's update) from {@code offset}: a unit's norm is bounded by clipping · max(‖w‖, eps), scaling by\n"
            + "max / max(‖g‖, 1e-6) when above.\n")
        .addParameter(TypeName.INT, "offset").addParameter(TypeName.INT, "rows").addParameter(TypeName.INT, "columns")
        .addParameter(TypeName.DOUBLE, "clipping").addParameter(TypeName.DOUBLE, "eps")
        .beginControlFlow("for (int r = 0; r < rows; r++)")
        .addStatement("int from = offset + r * columns")
        .addStatement("double gradNorm = $T.sqrt($T.sumOfSquares(grads, from, columns))", Math.class, VECTORS)
        .addStatement("double maxNorm = clipping * $T.max($T.sqrt($T.sumOfSquares(params, from, columns)), eps)",
            Math.class, Math.class, VECTORS)
        .beginControlFlow("if (gradNorm > maxNorm)")
        .addStatement("$T.scale(grads, from, columns, maxNorm / $T.max(gradNorm, 1e-6))", VECTORS, Math.class)
        .endControlFlow()
        .endControlFlow()
        .build();
  }
}
