package org.optspec.processor.emit;

import static org.optspec.processor.emit.EmitContext.constant;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.Optional;
import javax.lang.model.element.Modifier;
import org.optspec.processor.ir.Pruning;
import org.optspec.processor.plan.MemoryPlan;

/**
 * {@code prune magnitude(...)}: Zhu &amp; Gupta's gradual magnitude pruning. After every optimizer update,
 * {@code applyPruning} recomputes the masks when the schedule says so (each pruned tensor keeps its
 * {@code round(s_t · size)} smallest-magnitude weights masked) and multiplies the pruned tensors by their masks, so a
 * pruned weight stays zero whatever the optimizer does.
 */
final class PruningEmitter {

  private static final ClassName SELECTION = ClassName.get(RuntimeTypes.RUNTIME + ".kernels", "Selection");

  private final EmitContext ctx;
  private final Optional<Pruning> pruning;

  PruningEmitter(EmitContext ctx) {
    this.ctx = ctx;
    this.pruning = ctx.program().pruning();
  }

  boolean active() {
    return pruning.isPresent();
  }

  void constants(TypeSpec.Builder type) {
    if (pruning.isEmpty()) {
      return;
    }
    Pruning p = pruning.get();
    type.addField(constant(TypeName.DOUBLE, "PRUNE_INITIAL_SPARSITY", CodeBlock.of("$L", p.initialSparsity()),
        p.origin().describe()));
    type.addField(constant(TypeName.DOUBLE, "PRUNE_FINAL_SPARSITY", CodeBlock.of("$L", p.finalSparsity()), null));
    type.addField(constant(TypeName.DOUBLE, "PRUNE_POWER", CodeBlock.of("$L", p.power()), null));
    type.addField(Durations.constant("PRUNE_FROM", p.from(), "The first pruning step."));
    type.addField(Durations.constant("PRUNE_TO", p.to(), "The step at which the final sparsity is reached."));
    type.addField(Durations.constant("PRUNE_EVERY", p.every(), "Steps between mask updates."));
  }

  void fields(TypeSpec.Builder type) {
    if (pruning.isEmpty()) {
      return;
    }
    type.addField(FieldSpec.builder(ctx.types().array(), "pruneMask", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("1 for kept, 0 for pruned weights, in the layout of {@link #params} (1 outside the pruned tensors).\n")
        .initializer("new $T[PARAMETER_COUNT]", ctx.types().elem()).build());
    type.addField(FieldSpec.builder(double[].class, "pruneScratch", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("Magnitudes of one tensor, reordered while selecting the pruning threshold.\n")
        .initializer("new double[$L]", pruning.get().tensors().stream()
            .mapToInt(t -> ctx.plan().tensor(t).length()).max().orElse(1)).build());
  }

  void initState(MethodSpec.Builder constructor) {
    if (pruning.isPresent()) {
      constructor.addStatement("$T.fill(pruneMask, 0, PARAMETER_COUNT, 1)", RuntimeTypes.VECTORS);
    }
  }

  /** The call in {@code step}, right after the update. */
  void call(MethodSpec.Builder step) {
    if (pruning.isPresent()) {
      step.addStatement("applyPruning()");
    }
  }

  void methods(TypeSpec.Builder type) {
    if (pruning.isEmpty()) {
      return;
    }
    Pruning p = pruning.get();
    MethodSpec.Builder apply = MethodSpec.methodBuilder("applyPruning").addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L\n<p>At steps from, from + every, ... and at to: s_t = s_f + (s_i - s_f)(1 - (t - from)/(to - from))^power\n"
            + "(Zhu & Gupta 2017), new masks. Then, at every step, the masks zero the pruned weights.\n", p.origin().describe())
        .addStatement("long from = $L", Durations.steps("PRUNE_FROM", p.from()))
        .addStatement("long to = $L", Durations.steps("PRUNE_TO", p.to()))
        .addStatement("long every = $L", Durations.period("PRUNE_EVERY", p.every()))
        .beginControlFlow("if (step >= from && step <= to && ((step - from) % every == 0 || step == to))")
        .addStatement("double progress = to == from ? 1 : (double) (step - from) / (to - from)")
        .addStatement("double sparsity = PRUNE_FINAL_SPARSITY + (PRUNE_INITIAL_SPARSITY - PRUNE_FINAL_SPARSITY)"
            + " * $T.pow(1 - progress, PRUNE_POWER)", Math.class);
    for (String t : p.tensors()) {
      MemoryPlan.Tensor tensor = ctx.plan().tensor(t);
      apply.addStatement("updateMask($L, $L_SIZE, sparsity)", tensor.constant(), tensor.constant());
    }
    apply.endControlFlow();
    for (String t : p.tensors()) {
      MemoryPlan.Tensor tensor = ctx.plan().tensor(t);
      apply.beginControlFlow("for (int i = $L; i < $L + $L_SIZE; i++)", tensor.constant(), tensor.constant(), tensor.constant())
          .addStatement("params[i] *= pruneMask[i]")
          .endControlFlow();
    }
    type.addMethod(apply.build());

    type.addMethod(MethodSpec.methodBuilder("updateMask").addModifiers(Modifier.PRIVATE)
        .addJavadoc("Masks the round(sparsity · len) smallest magnitudes of {@code params[off, off + len)} (ties: the first).\n")
        .addParameter(TypeName.INT, "off").addParameter(TypeName.INT, "len").addParameter(TypeName.DOUBLE, "sparsity")
        .addStatement("int k = (int) $T.round(sparsity * len)", Math.class)
        .beginControlFlow("if (k == 0)")
        .addStatement("return")
        .endControlFlow()
        .beginControlFlow("for (int i = 0; i < len; i++)")
        .addStatement("pruneScratch[i] = $T.abs(params[off + i])", Math.class)
        .endControlFlow()
        .addStatement("double threshold = $T.kthSmallest(pruneScratch, len, k - 1)", SELECTION)
        .addStatement("int below = 0")
        .beginControlFlow("for (int i = 0; i < len; i++)")
        .beginControlFlow("if ($T.abs(params[off + i]) < threshold)", Math.class)
        .addStatement("below++")
        .endControlFlow()
        .endControlFlow()
        .addStatement("int ties = k - below")
        .beginControlFlow("for (int i = 0; i < len; i++)")
        .addStatement("double magnitude = $T.abs(params[off + i])", Math.class)
        .addStatement("boolean pruned = magnitude < threshold || (magnitude == threshold && ties-- > 0)")
        .addStatement("pruneMask[off + i] = pruned ? 0 : 1")
        .endControlFlow()
        .build());

    MethodSpec.Builder sparsity = MethodSpec.methodBuilder("sparsity").addModifiers(Modifier.PUBLIC)
        .returns(TypeName.DOUBLE)
        .addJavadoc("The fraction of the pruned tensors' weights that are exactly zero, measured on the parameters.\n")
        .addStatement("long zeros = 0");
    long total = 0;
    for (String t : p.tensors()) {
      MemoryPlan.Tensor tensor = ctx.plan().tensor(t);
      total += tensor.length();
      sparsity.beginControlFlow("for (int i = $L; i < $L + $L_SIZE; i++)", tensor.constant(), tensor.constant(), tensor.constant())
          .beginControlFlow("if (params[i] == 0)")
          .addStatement("zeros++")
          .endControlFlow()
          .endControlFlow();
    }
    type.addMethod(sparsity.addStatement("return zeros / $L.0", total).build());
  }
}
