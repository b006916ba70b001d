package org.optspec.processor.emit;

import static org.optspec.processor.emit.EmitContext.camel;
import static org.optspec.processor.emit.RuntimeTypes.VECTORS;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.lang.model.element.Modifier;
import org.optspec.processor.ir.ObjectiveProgram;
import org.optspec.processor.ir.Optimizer;
import org.optspec.processor.ir.Param;
import org.optspec.processor.ir.Transform;
import org.optspec.processor.plan.MemoryPlan;

/**
 * {@code chain(...)} and every named optimizer ({@link org.optspec.processor.ir.NamedChains}): the update u starts as
 * the gradient, each transform maps it in order (optax semantics), and the parameters move by {@code p -= u}. When
 * every transform is elementwise, the whole chain is one loop over the group's contiguous range of the flat arrays
 * (the memory planner lays a group's parameters, gradients and slots out contiguously), reading g, p and the slots
 * once and writing p and the slots, with u a local: no intermediate array. A transform that needs a reduction over the
 * update of a whole tensor or unit ({@code scale_by_trust_ratio}, {@code clip_adaptive}, Adafactor's block transforms
 * in {@link FactoredRms}) cannot be fused into that loop, because every element's update must exist before the
 * reduction does; such a chain runs per tensor: the loop before the reduction stores u in place of the gradient (no
 * extra array), the reduction is taken, and the next loop continues from the stored u times the factor. A leading
 * {@code clip_global_norm} or {@code precondition_by_empirical_fisher} acts on all groups at once in {@code update()},
 * before any group updates.
 */
final class ChainEmitter implements OptimizerEmitter {

  /** The runtime's damped empirical Fisher solve (EJML's Cholesky on matrices allocated at construction). */
  static final ClassName DAMPED_FISHER = ClassName.get("org.optspec.runtime.kernels", "DampedFisher");

  private final List<String> hyperParameters;
  private final java.util.Map<String, String> slotDocs;

  /** {@code chain(...)} and the optax compositions, which read only {@code lr}. */
  ChainEmitter() {
    this(List.of("lr"), java.util.Map.of());
  }

  /**
   * A torch optimizer's composition ({@link org.optspec.processor.ir.Optimizer.Kind#SGD}, ...), whose torch-exact
   * transforms read the optimizer's {@code hyperParameters} constants; {@code slotDocs} documents its state slots.
   */
  ChainEmitter(List<String> hyperParameters, java.util.Map<String, String> slotDocs) {
    this.hyperParameters = List.copyOf(hyperParameters);
    this.slotDocs = java.util.Map.copyOf(slotDocs);
  }

  @Override
  public List<String> hyperParameters() {
    return hyperParameters;
  }

  @Override
  public String slotDoc(String slot) {
    if (slotDocs.containsKey(slot)) {
      return slotDocs.get(slot);
    }
    String base = slot.replaceAll("[0-9]+$", "");
    return switch (base) {
      case "expAvg" -> "scale_by_adam's first moment";
      case "expAvgSq" -> "scale_by_adam's second moment";
      case "squareAvg" -> "scale_by_rms's running mean of u²";
      case "trace" -> "scale_by_momentum's trace";
      default -> slot;
    };
  }

  @Override
  public void initState(EmitContext ctx, HyperParameters hp, Optimizer opt, MethodSpec.Builder constructor) {
    for (Optimizer.Group g : opt.groups()) {
      for (Transform t : g.chain()) {
        if (t.name().equals("scale_by_rms") && t.option("initial_scale") != 0) {
          MemoryPlan.GroupRange r = ctx.plan().group(g.name());
          constructor.addStatement("$T.fill($L, $L_START, $L_END, $L)", Arrays.class, opt.chainSlots(t).get(0),
              r.constant(), r.constant(), ctx.types().literal(t.option("initial_scale")));
        }
        if (t.name().equals("scale_by_adagrad_torch") && g.option("initial_accumulator_value") != 0) {
          MemoryPlan.GroupRange r = ctx.plan().group(g.name());
          constructor.addStatement("$T.fill($L, $L_START, $L_END, $L$L)", Arrays.class, opt.chainSlots(t).get(0),
              r.constant(), r.constant(), ctx.types().cast(), hp.constant(g, "initial_accumulator_value"));
        }
      }
    }
  }

  @Override
  public void beforeGroups(EmitContext ctx, Optimizer opt, MethodSpec.Builder update) {
    List<Transform> chain = opt.groups().get(0).chain();
    if (!chain.isEmpty() && chain.get(0).name().equals("precondition_by_empirical_fisher")) {
      update.addComment("precondition_by_empirical_fisher: F⁻¹g over every parameter jointly, into direction");
      if (ctx.optimization() instanceof ObjectiveProgram) {
        update.addComment("an objective is one sample: F = g gᵀ + damping·I");
        update.addStatement("fisher.solve(grads, 1, grads, DAMPING, direction)");
      } else {
        update.addStatement("fisher.solve(sampleGrads, samples, grads, DAMPING, direction)");
      }
    }
    if (!chain.isEmpty() && chain.get(0).name().equals("clip_global_norm")) {
      double max = chain.get(0).option("max_norm");
      update.addComment("clip_global_norm: optax.clip_by_global_norm over every gradient")
          .addStatement("double norm = $T.sqrt($T.sumOfSquares(grads, 0, PARAMETER_COUNT))", Math.class, VECTORS)
          .beginControlFlow("if (norm > $L)", max)
          .addStatement("$T.scale(grads, 0, PARAMETER_COUNT, $L / norm)", VECTORS, max)
          .endControlFlow();
    }
  }

  @Override
  public void helpers(EmitContext ctx, Optimizer opt, TypeSpec.Builder type) {
    List<String> names = opt.groups().stream().flatMap(g -> g.chain().stream()).map(Transform::name).toList();
    if (names.contains("scale_by_trust_ratio")) {
      type.addMethod(MethodSpec.methodBuilder("trustRatio").addModifiers(Modifier.PRIVATE)
          .addJavadoc("optax.scale_by_trust_ratio for one tensor whose update is in {@code grads}: coefficient · ‖p‖ / (‖u‖ + eps),\n"
              + "norms at least minNorm, and 1 when either norm is 0.\n")
          .returns(TypeName.DOUBLE)
          .addParameter(TypeName.INT, "offset").addParameter(TypeName.INT, "length")
          .addParameter(TypeName.DOUBLE, "minNorm").addParameter(TypeName.DOUBLE, "coefficient")
          .addParameter(TypeName.DOUBLE, "eps")
          .addStatement("double paramNorm = $T.max($T.sqrt($T.sumOfSquares(params, offset, length)), minNorm)", Math.class,
              Math.class, VECTORS)
          .addStatement("double updateNorm = $T.max($T.sqrt($T.sumOfSquares(grads, offset, length)), minNorm)", Math.class,
              Math.class, VECTORS)
          .addStatement("return paramNorm == 0 || updateNorm == 0 ? 1 : coefficient * paramNorm / (updateNorm + eps)")
          .build());
    }
    // clip_adaptive's per-unit helper, clipUnits, is ClippingEmitter's (the same arithmetic as clip agc)
    if (names.contains("scale_by_factored_rms_torch")) {
      FactoredRms.helpers(ctx, type);
    }
  }

  @Override
  public List<StateTensor> stateTensors(EmitContext ctx) {
    return factored(ctx.optimization().optimizer()) ? FactoredRms.stateTensors(ctx) : List.of();
  }

  private static boolean factored(Optimizer opt) {
    return opt.groups().get(0).chain().stream().anyMatch(t -> t.name().equals("scale_by_factored_rms_torch"));
  }

  @Override
  public void groupBody(EmitContext ctx, HyperParameters hp, Optimizer.Group g, String start, String end,
      MethodSpec.Builder m) {
    Types types = ctx.types();
    List<Transform> chain = new ArrayList<>(g.chain());
    // u starts as the gradient, or as the preconditioned direction update() computed for every group
    String initial = !chain.isEmpty() && chain.get(0).name().equals("precondition_by_empirical_fisher")
        ? "direction[i]" : "grads[i]";
    if (!chain.isEmpty() && chain.get(0).global()) {
      chain.remove(0); // done for every group in update()
    }
    for (Transform t : chain) {
      if (t.name().equals("scale_by_adam")) {
        m.addStatement("double mCorrection$L = 1 - $T.pow($L, step + 1)", t.index(), Math.class, t.option("b1"))
            .addStatement("double vCorrection$L = 1 - $T.pow($L, step + 1)", t.index(), Math.class, t.option("b2"));
      } else if (t.name().equals("scale_by_schedule")) {
        m.addStatement("$T rate = $Llr", types.elem(), types.cast());
      } else {
        torchPrelude(ctx, hp, g, t, start, end, m);
      }
    }
    MemoryPlan.GroupRange range = ctx.plan().group(g.name());
    List<MemoryPlan.Tensor> tensors = ctx.plan().tensors().stream()
        .filter(t -> t.offset() >= range.start() && t.offset() < range.end()).toList();
    Optimizer opt = ctx.optimization().optimizer();
    if (chain.stream().noneMatch(Transform::reduces)) {
      // elementwise only: one loop over each run of consecutive tensors that the chain treats alike, which is the
      // whole group's range unless a selective add_decayed_weights splits weights from biases
      List<List<MemoryPlan.Tensor>> runs = new ArrayList<>();
      for (MemoryPlan.Tensor tensor : tensors) {
        if (!runs.isEmpty() && alike(ctx, chain, runs.get(runs.size() - 1).get(0), tensor)) {
          runs.get(runs.size() - 1).add(tensor);
        } else {
          runs.add(new ArrayList<>(List.of(tensor)));
        }
      }
      for (List<MemoryPlan.Tensor> run : runs) {
        MemoryPlan.Tensor first = run.get(0);
        MemoryPlan.Tensor last = run.get(run.size() - 1);
        String from = runs.size() == 1 ? start : first.constant();
        String to = runs.size() == 1 ? end : last.constant() + " + " + last.constant() + "_SIZE";
        if (runs.size() > 1) {
          m.addComment("$L", String.join(", ", run.stream().map(MemoryPlan.Tensor::name).toList()));
        }
        m.beginControlFlow("for (int i = $L; i < $L; i++)", from, to);
        Body body = new Body(ctx.types(), m, initial);
        for (Transform t : chain) {
          element(ctx, opt, t, param(ctx, first), body);
        }
        body.finish("params[i] -= ");
        m.endControlFlow();
      }
    } else {
      for (MemoryPlan.Tensor tensor : tensors) {
        tensorBody(ctx, hp, g, chain, tensor, param(ctx, tensor), m);
      }
    }
    for (Transform t : chain) {
      torchEpilogue(hp, g, t, m);
    }
  }

  /**
   * The per-group scalar state of a torch-exact transform (torch's 0-dim tensors, identical for the group's elements),
   * and {@code precondition_by_empirical_fisher}'s solver, direction and per-sample staging.
   */
  @Override
  public void fields(EmitContext ctx, HyperParameters hp, Optimizer opt, TypeSpec.Builder type) {
    if (opt.groups().get(0).chain().stream().anyMatch(t -> t.name().equals("precondition_by_empirical_fisher"))) {
      fisherFields(ctx, type);
    }
    if (factored(opt)) {
      FactoredRms.fields(ctx, type);
    }
    for (Optimizer.Group g : opt.groups()) {
      for (Transform t : g.chain()) {
        switch (t.name()) {
          case "scale_by_nadam_torch" -> type.addField(FieldSpec.builder(TypeName.DOUBLE, "muProduct" + camel(g.name()),
                  Modifier.PRIVATE)
              .addJavadoc("scale_by_nadam_torch's running product of μ_1..μ_t for group {@code $L} (float64, as torch "
                  + "keeps it).\n", g.name())
              .initializer("1").build());
          case "scale_by_asgd_torch" -> type.addField(FieldSpec.builder(TypeName.DOUBLE, "eta" + camel(g.name()),
                  Modifier.PRIVATE)
              .addJavadoc("scale_by_asgd_torch's step size η for group {@code $L}; set from the lr at the first step.\n",
                  g.name()).build());
          case "average_iterates_torch" -> type.addField(FieldSpec.builder(TypeName.DOUBLE, "mu" + camel(g.name()),
                  Modifier.PRIVATE)
              .addJavadoc("average_iterates_torch's averaging coefficient μ for group {@code $L}.\n", g.name())
              .initializer("1").build());
          default -> {}
        }
      }
    }
  }

  private static void fisherFields(EmitContext ctx, TypeSpec.Builder type) {
    Types t = ctx.types();
    if (!(ctx.optimization() instanceof ObjectiveProgram)) {
      // computeGradients (StepEmitter) fills these by one forward/backward pass per row of the batch
      type.addField(FieldSpec.builder(t.array(), "sampleX", Modifier.PRIVATE, Modifier.FINAL)
          .addJavadoc("precondition_by_empirical_fisher: one input row, for the per-sample passes.\n")
          .initializer("new $T[IN]", t.elem()).build());
      type.addField(FieldSpec.builder(t.array(), "sampleY", Modifier.PRIVATE, Modifier.FINAL)
          .addJavadoc("precondition_by_empirical_fisher: one target row, for the per-sample passes.\n")
          .initializer("new $T[TARGET_COLUMNS]", t.elem()).build());
      type.addField(FieldSpec.builder(t.array(), "sampleGrads", Modifier.PRIVATE, Modifier.FINAL)
          .addJavadoc("precondition_by_empirical_fisher: the last batch's per-sample gradients, BATCH rows of "
              + "PARAMETER_COUNT.\n")
          .initializer("new $T[BATCH * PARAMETER_COUNT]", t.elem()).build());
      type.addField(FieldSpec.builder(TypeName.INT, "samples", Modifier.PRIVATE)
          .addJavadoc("precondition_by_empirical_fisher: the rows of {@link #sampleGrads} the last computeGradients "
              + "filled.\n").build());
    }
    type.addField(FieldSpec.builder(t.array(), "direction", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("precondition_by_empirical_fisher: F⁻¹g, the direction every group moves along.\n")
        .initializer("new $T[PARAMETER_COUNT]", t.elem()).build());
    type.addField(FieldSpec.builder(DAMPED_FISHER, "fisher", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("precondition_by_empirical_fisher: the damped Fisher solve, its PARAMETER_COUNT² matrix allocated "
            + "once.\n")
        .initializer("new $T(PARAMETER_COUNT)", DAMPED_FISHER).build());
  }

  /** After the group's loops: the per-group scalar state of the next step, as torch updates it after the step. */
  private static void torchEpilogue(HyperParameters hp, Optimizer.Group g, Transform t, MethodSpec.Builder m) {
    switch (t.name()) {
      case "scale_by_asgd_torch" -> m.addStatement("$L = lr / $T.pow(1 + $L * lr * (step + 1), $L)", "eta" + camel(g.name()),
          Math.class, hp.constant(g, "lambd"), hp.constant(g, "alpha"));
      case "average_iterates_torch" -> m.addStatement("$L = 1 / $T.max(1, step + 1 - $L)", "mu" + camel(g.name()),
          Math.class, hp.constant(g, "t0"));
      default -> {}
    }
  }

  private static Param param(EmitContext ctx, MemoryPlan.Tensor tensor) {
    return ctx.optimization().params().stream().filter(p -> p.name().equals(tensor.name())).findFirst().orElseThrow();
  }

  /** Whether the elementwise chain computes the same thing for both tensors (a selective weight decay may not). */
  private static boolean alike(EmitContext ctx, List<Transform> chain, MemoryPlan.Tensor a, MemoryPlan.Tensor b) {
    for (Transform t : chain) {
      if (t.name().equals("add_decayed_weights") && decays(t, param(ctx, a)) != decays(t, param(ctx, b))) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code add_decayed_weights} adds a decay term to {@code param}'s update. */
  private static boolean decays(Transform t, Param param) {
    String on = t.symbols().getOrDefault("on", "weights");
    boolean selected = on.equals("all") || (on.equals("weights") == (param.role() == Param.Role.WEIGHT));
    return selected && t.option("weight_decay") != 0;
  }

  /**
   * The statements of one fused loop body. A transform's final {@code u = expression} is held back, so the loop's last
   * one is written straight into its target ({@code params[i] -= expression}) rather than through {@code u}; the
   * arithmetic is the same, because every expression assigned to {@code u} already has u's type.
   */
  private static final class Body {
    private final MethodSpec.Builder m;
    private CodeBlock heldStatement;
    private CodeBlock heldValue;

    private final Types types;
    private final String initial;

    /** Starts with the declaration {@code u = initial}. */
    Body(Types types, MethodSpec.Builder m, String initial) {
      this.m = m;
      this.types = types;
      this.initial = initial;
      this.heldStatement = CodeBlock.of("$T u = $L", types.elem(), initial);
      this.heldValue = CodeBlock.of("$L", initial);
    }

    /** {@code u = -u}, or a negated declaration when u is still the gradient as read ({@code maximize}). */
    void negate() {
      if (heldValue != null && heldValue.toString().equals(initial) && !initial.contains(" ")) {
        heldStatement = CodeBlock.of("$T u = -$L", types.elem(), initial);
        heldValue = CodeBlock.of("-$L", initial);
      } else {
        assign("-u");
      }
    }

    /** A statement that reads or writes u or the state: the held-back assignment is written first. */
    void stmt(String format, Object... args) {
      flush();
      m.addStatement(format, args);
    }

    /** {@code u = expression}. */
    void assign(String format, Object... args) {
      flush();
      heldValue = CodeBlock.of(format, args);
      heldStatement = CodeBlock.of("u = $L", heldValue);
    }

    /** {@code u *= factor}, or a scaled declaration when u is still the value as read. */
    void times(Object factor) {
      if (heldValue != null && heldValue.toString().equals(initial) && !initial.contains(" ")) {
        heldValue = CodeBlock.of("$L * $L", factor, initial);
        heldStatement = CodeBlock.of("$T u = $L", types.elem(), heldValue);
        return;
      }
      flush();
      heldStatement = CodeBlock.of("u *= $L", factor);
      heldValue = CodeBlock.of("$L * u", factor);
    }

    private void flush() {
      if (heldStatement != null) {
        m.addStatement(heldStatement);
        heldStatement = null;
        heldValue = null;
      }
    }

    /** Opens a block ({@code if (rectified)}). */
    void begin(String control) {
      flush();
      m.beginControlFlow(control);
    }

    /** Closes the block {@link #begin} opened. */
    void end() {
      flush();
      m.endControlFlow();
    }

    void comment(String comment) {
      flush();
      m.addComment("$L", comment);
    }

    /** A statement that reads the parameters after they have moved: written after the update. */
    void afterUpdate(String format, Object... args) {
      after.add(CodeBlock.of(format, args));
    }

    private final List<CodeBlock> after = new ArrayList<>();

    /** Writes u to {@code target} ({@code params[i] -= }, {@code grads[i] = }), then the statements after the update. */
    void finish(String target) {
      if (heldValue != null) {
        m.addStatement("$L$L", target, heldValue);
      } else {
        flush();
        m.addStatement("$Lu", target);
      }
      after.forEach(m::addStatement);
    }
  }

  /** The scalars of a group that a torch-exact transform reads, from the hyper-parameter constants, as torch computes them. */
  private static void torchPrelude(EmitContext ctx, HyperParameters hp, Optimizer.Group g, Transform t, String start,
      String end, MethodSpec.Builder m) {
    Types types = ctx.types();
    switch (t.name()) {
      case "add_decayed_weights_torch" -> m.addStatement("$T weightDecay = $L$L", types.elem(), types.cast(),
          hp.constant(g, "weight_decay"));
      case "decay_weights_torch" -> m.addStatement("$T decay = $L", types.elem(),
          types.castExpr("1 - lr * " + hp.constant(g, "weight_decay")));
      case "scale_by_momentum_torch" -> m.addStatement("$T momentum = $L$L", types.elem(), types.cast(),
              hp.constant(g, "momentum"))
          .addStatement("$T gradientScale = $L", types.elem(), types.castExpr("1 - " + hp.constant(g, "dampening")))
          .addStatement("boolean first = step == 0");
      case "scale_by_adam_torch" -> {
        String beta1 = hp.constant(g, "beta1");
        String beta2 = hp.constant(g, "beta2");
        m.addStatement("long t = step + 1")
            .addStatement("double biasCorrection1 = 1 - $T.pow($L, t)", Math.class, beta1)
            .addStatement("double biasCorrection2 = 1 - $T.pow($L, t)", Math.class, beta2)
            .addStatement("$T stepSize = $L", types.elem(), types.castExpr("lr / biasCorrection1"))
            .addStatement("$T biasCorrection2Sqrt = $L$T.sqrt(biasCorrection2)", types.elem(), types.cast(), Math.class)
            .addStatement("$T oneMinusBeta1 = $L", types.elem(), types.castExpr("1 - " + beta1))
            .addStatement("$T beta2 = $L$L", types.elem(), types.cast(), beta2)
            .addStatement("$T oneMinusBeta2 = $L", types.elem(), types.castExpr("1 - " + beta2))
            .addStatement("$T eps = $L$L", types.elem(), types.cast(), hp.constant(g, "eps"));
      }
      case "scale_by_adadelta_torch" -> m.addStatement("$T rho = $L$L", types.elem(), types.cast(), hp.constant(g, "rho"))
          .addStatement("$T oneMinusRho = $L", types.elem(), types.castExpr("1 - " + hp.constant(g, "rho")))
          .addStatement("$T eps = $L$L", types.elem(), types.cast(), hp.constant(g, "eps"));
      case "scale_by_rms_torch" -> {
        m.addStatement("$T rate = $Llr", types.elem(), types.cast())
            .addStatement("$T alpha = $L$L", types.elem(), types.cast(), hp.constant(g, "alpha"))
            .addStatement("$T oneMinusAlpha = $L", types.elem(), types.castExpr("1 - " + hp.constant(g, "alpha")))
            .addStatement("$T eps = $L$L", types.elem(), types.cast(), hp.constant(g, "eps"));
        if (t.flags().getOrDefault("momentum", false)) {
          m.addStatement("$T momentum = $L$L", types.elem(), types.cast(), hp.constant(g, "momentum"));
        }
      }
      case "scale_by_adagrad_torch" -> m.addStatement("$T clr = $L", types.elem(),
              types.castExpr("lr / (1 + step * " + hp.constant(g, "lr_decay") + ")"))
          .addStatement("$T eps = $L$L", types.elem(), types.cast(), hp.constant(g, "eps"));
      case "scale_by_adamax_torch" -> {
        String beta1 = hp.constant(g, "beta1");
        m.addStatement("$T clr = $L", types.elem(), types.castExpr("lr / (1 - Math.pow(" + beta1 + ", step + 1))"))
            .addStatement("$T beta1 = $L$L", types.elem(), types.cast(), beta1)
            .addStatement("$T oneMinusBeta1 = $L", types.elem(), types.castExpr("1 - " + beta1))
            .addStatement("$T beta2 = $L$L", types.elem(), types.cast(), hp.constant(g, "beta2"))
            .addStatement("$T eps = $L$L", types.elem(), types.cast(), hp.constant(g, "eps"));
      }
      case "scale_by_nadam_torch" -> {
        String beta1 = hp.constant(g, "beta1");
        String beta2 = hp.constant(g, "beta2");
        String decay = hp.constant(g, "momentum_decay");
        String product = "muProduct" + camel(g.name());
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
            .addStatement("$T eps = $L$L", types.elem(), types.cast(), hp.constant(g, "eps"));
      }
      case "scale_by_radam_torch" -> {
        String beta1 = hp.constant(g, "beta1");
        String beta2 = hp.constant(g, "beta2");
        m.addStatement("long t = step + 1")
            .addStatement("double biasCorrection1 = 1 - $T.pow($L, t)", Math.class, beta1)
            .addStatement("double biasCorrection2 = 1 - $T.pow($L, t)", Math.class, beta2)
            .addStatement("double rhoInf = 2 / (1 - $L) - 1", beta2)
            .addStatement("double rhoT = rhoInf - 2 * t * $T.pow($L, t) / biasCorrection2", Math.class, beta2)
            .addComment("the rectifier is defined only when the variance estimate is (ρ_t > 5)")
            .addStatement("boolean rectified = rhoT > 5")
            .addStatement("$T rect = rectified ? $L : 0", types.elem(),
                types.castExpr("Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT))"))
            .addStatement("$T biasCorrection2Sqrt = $L$T.sqrt(biasCorrection2)", types.elem(), types.cast(), Math.class)
            .addStatement("$T firstCorrection = $L", types.elem(), types.castExpr("biasCorrection1"))
            .addStatement("$T rate = $Llr", types.elem(), types.cast())
            .addStatement("$T beta1 = $L$L", types.elem(), types.cast(), beta1)
            .addStatement("$T oneMinusBeta1 = $L", types.elem(), types.castExpr("1 - " + beta1))
            .addStatement("$T beta2 = $L$L", types.elem(), types.cast(), beta2)
            .addStatement("$T oneMinusBeta2 = $L", types.elem(), types.castExpr("1 - " + beta2))
            .addStatement("$T eps = $L$L", types.elem(), types.cast(), hp.constant(g, "eps"));
      }
      case "scale_by_rprop_torch" -> m.beginControlFlow("if (step == 0)")
          .addComment("lr is only the initial step size: a schedule has no effect afterwards, as in torch")
          .addStatement("$T.fill(stepSize, $L, $L, $Llr)", Arrays.class, start, end, types.cast())
          .endControlFlow()
          .addStatement("$T etaminus = $L$L", types.elem(), types.cast(), hp.constant(g, "etaminus"))
          .addStatement("$T etaplus = $L$L", types.elem(), types.cast(), hp.constant(g, "etaplus"))
          .addStatement("$T minStep = $L$L", types.elem(), types.cast(), hp.constant(g, "min_step"))
          .addStatement("$T maxStep = $L$L", types.elem(), types.cast(), hp.constant(g, "max_step"));
      case "scale_by_asgd_torch" -> {
        String eta = "eta" + camel(g.name());
        m.beginControlFlow("if (step == 0)")
            .addStatement("$L = lr", eta)
            .endControlFlow()
            .addStatement("$T shrink = $L", types.elem(), types.castExpr("1 - " + hp.constant(g, "lambd") + " * " + eta))
            .addStatement("$T eta = $L$L", types.elem(), types.cast(), eta);
      }
      case "scale_by_factored_rms_torch" -> m.addStatement("long t = step + 1")
          .addStatement("double c = $T.pow(t, $L)", Math.class, hp.constant(g, "beta2_decay"));
      case "scale_by_param_block_rms_torch" -> m.addStatement("double rho = $T.min(lr, 1 / $T.sqrt(step + 1))", Math.class,
          Math.class);
      case "average_iterates_torch" -> {
        String mu = "mu" + camel(g.name());
        m.addStatement("$T mu = $L$L", types.elem(), types.cast(), mu)
            .addStatement("boolean averaging = $L != 1", mu);
      }
      default -> {}
    }
  }

  /**
   * One of Adafactor's block transforms on one tensor whose update is in {@code grads}; returns the factor the next loop
   * multiplies u by, if any. {@code clip_by_block_rms_torch}'s denominator waits for the relative step that follows it,
   * so the two make one scalar, alpha / denom, as torch forms it.
   */
  private static String blockTransform(EmitContext ctx, HyperParameters hp, Optimizer.Group g, Transform t,
      MemoryPlan.Tensor tensor, String divisor, MethodSpec.Builder m) {
    String off = tensor.constant();
    String len = tensor.constant() + "_SIZE";
    String name = camel(tensor.name());
    switch (t.name()) {
      case "scale_by_factored_rms_torch" -> {
        FactoredRms.Layout l = FactoredRms.layout(ctx, tensor);
        if (l.factored()) {
          m.addStatement("adafactorFactored($L, $L, $L, $L, $L, c, $L)", off, l.shape().get(0), l.shape().get(1),
              l.rowConstant(), l.colConstant(), hp.constant(g, "eps1"));
        } else {
          m.addStatement("adafactorUnfactored($L, $L, $L, c, $L)", off, len, l.varianceConstant(), hp.constant(g, "eps1"));
        }
        return null;
      }
      case "clip_by_block_rms_torch" -> {
        m.addStatement("double denom$L = blockRmsDenominator($L, $L, $L)", name, off, len, hp.constant(g, "d"));
        return null;
      }
      default -> {
        m.addStatement("double alpha$L = adafactorAlpha($L, $L, rho, $L)", name, off, len, hp.constant(g, "eps2"));
        String scale = "scale" + name;
        m.addStatement("$T $L = $L", ctx.types().elem(), scale,
            ctx.types().castExpr("alpha" + name + (divisor == null ? "" : " / " + divisor)));
        return scale;
      }
    }
  }

  /** The stages of the chain for one tensor: fused loops separated by the reductions. */
  private static void tensorBody(EmitContext ctx, HyperParameters hp, Optimizer.Group g, List<Transform> chain,
      MemoryPlan.Tensor tensor, Param param, MethodSpec.Builder m) {
    Optimizer opt = ctx.optimization().optimizer();
    String off = tensor.constant();
    String len = tensor.constant() + "_SIZE";
    boolean factored = chain.stream().anyMatch(t -> t.name().equals("scale_by_factored_rms_torch"));
    m.addComment("$L$L", tensor.name(), factored ? " " + FactoredRms.shape(ctx, tensor.name()) : "");
    String factor = null;
    String divisor = null;
    List<Transform> elementwise = new ArrayList<>();
    for (int k = 0; k <= chain.size(); k++) {
      Transform t = k < chain.size() ? chain.get(k) : null;
      if (t != null && !t.reduces()) {
        elementwise.add(t);
        continue;
      }
      boolean last = t == null;
      boolean looped = !elementwise.isEmpty() || last;
      if (looped) {
        m.beginControlFlow("for (int i = $L; i < $L + $L; i++)", off, off, len);
        Body body = new Body(ctx.types(), m, factor == null ? "grads[i]" : "grads[i] * " + factor);
        for (Transform e : elementwise) {
          element(ctx, opt, e, param, body);
        }
        body.finish(last ? "params[i] -= " : "grads[i] = ");
        m.endControlFlow();
      } else if (factor != null) {
        m.addStatement("$T.scale(grads, $L, $L, $L)", VECTORS, off, len, factor);
      }
      elementwise.clear();
      factor = null;
      if (t != null && looped) {
        m.addComment("$L needs norms over the whole $L: the loop above left u in grads", t.name(),
            t.name().equals("clip_adaptive") ? "unit" : "tensor");
      }
      if (t != null && (t.name().equals("scale_by_factored_rms_torch") || t.name().endsWith("block_rms_torch"))) {
        factor = blockTransform(ctx, hp, g, t, tensor, divisor, m);
        if (t.name().equals("clip_by_block_rms_torch")) {
          divisor = "denom" + camel(tensor.name());
        } else {
          divisor = null;
        }
      } else if (t != null && t.name().equals("scale_by_trust_ratio")) {
        factor = "trust" + camel(tensor.name());
        m.addStatement("$T $L = $LtrustRatio($L, $L, $L, $L, $L)", ctx.types().elem(), factor, ctx.types().cast(), off, len,
            t.option("min_norm"), t.option("trust_coefficient"), t.option("eps"));
      } else if (t != null) {
        int rows = ClippingEmitter.rows(ctx.optimization(), tensor);
        m.addStatement("clipUnits($L, $L, $L, $L, $L)", off, rows, tensor.length() / rows, t.option("clipping"),
            t.option("eps"));
      }
    }
  }

  /** One elementwise transform of {@code u} at element {@code i}. */
  private static void element(EmitContext ctx, Optimizer opt, Transform t, Param param, Body m) {
    Types types = ctx.types();
    List<String> slots = opt.chainSlots(t);
    switch (t.name()) {
      case "scale_by_adam" -> {
        String mu = slots.get(0);
        String nu = slots.get(1);
        m.stmt("$L[i] = $L * u + $L * $L[i]", mu, types.literal(1 - t.option("b1")), types.literal(t.option("b1")), mu);
        m.stmt("$L[i] = $L * u * u + $L * $L[i]", nu, types.literal(1 - t.option("b2")),
            types.literal(t.option("b2")), nu);
        m.assign("$L", types.castExpr(mu + "[i] / mCorrection" + t.index() + " / (Math.sqrt(" + nu
            + "[i] / vCorrection" + t.index() + " + " + t.option("eps_root") + ") + " + t.option("eps") + ")"));
      }
      case "scale_by_rms" -> {
        String nu = slots.get(0);
        m.stmt("$L[i] = $L * $L[i] + $L * u * u", nu, types.literal(t.option("decay")), nu,
            types.literal(1 - t.option("decay")));
        m.assign("$L", types.castExpr("u / Math.sqrt(" + nu + "[i] + " + t.option("eps") + ")"));
      }
      case "scale_by_momentum" -> {
        String trace = slots.get(0);
        m.stmt("$L[i] = u + $L * $L[i]", trace, types.literal(t.option("momentum")), trace);
        if (t.flags().getOrDefault("nesterov", false)) {
          m.stmt("u += $L * $L[i]", types.literal(t.option("momentum")), trace);
        } else {
          m.assign("$L[i]", trace);
        }
      }
      case "add_decayed_weights" -> {
        if (decays(t, param)) {
          m.stmt("u += $L * params[i]", types.literal(t.option("weight_decay")));
        }
      }
      case "clip_value" -> m.assign("$T.max($L, $T.min($L, u))", Math.class, types.literal(-t.option("max")),
          Math.class, types.literal(t.option("max")));
      case "scale_by_lion" -> {
        String mu = slots.get(0);
        m.stmt("$T interpolated = $L * $L[i] + $L * u", types.elem(), types.literal(t.option("b1")), mu,
            types.literal(1 - t.option("b1")));
        m.stmt("$L[i] = $L * $L[i] + $L * u", mu, types.literal(t.option("b2")), mu,
            types.literal(1 - t.option("b2")));
        m.assign("$T.signum(interpolated)", Math.class);
      }
      case "scale" -> m.times(types.literal(t.option("step_size")));
      case "flip_sign" -> m.negate();
      case "scale_by_adagrad_torch" -> {
        String sum = slots.get(0);
        m.stmt("$L[i] += u * u", sum);
        m.assign("clr * u / ($L$T.sqrt($L[i]) + eps)", types.cast(), Math.class, sum);
      }
      case "scale_by_adadelta_torch" -> {
        String sq = slots.get(0);
        String acc = slots.get(1);
        m.stmt("$L[i] = rho * $L[i] + oneMinusRho * u * u", sq, sq);
        m.assign("$L$T.sqrt($L[i] + eps) / $L$T.sqrt($L[i] + eps) * u", types.cast(), Math.class, acc,
            types.cast(), Math.class, sq);
        m.stmt("$L[i] = rho * $L[i] + oneMinusRho * u * u", acc, acc);
      }
      case "scale_by_rms_torch" -> {
        String sq = slots.get(0);
        boolean centered = t.flags().getOrDefault("centered", false);
        m.stmt("$L[i] = alpha * $L[i] + oneMinusAlpha * u * u", sq, sq);
        if (centered) {
          String avg = slots.get(1);
          m.stmt("$L[i] = alpha * $L[i] + oneMinusAlpha * u", avg, avg);
          m.stmt("$T avg = $L$T.sqrt($L[i] - $L[i] * $L[i]) + eps", types.elem(), types.cast(), Math.class, sq,
            avg, avg);
        } else {
          m.stmt("$T avg = $L$T.sqrt($L[i]) + eps", types.elem(), types.cast(), Math.class, sq);
        }
        if (t.flags().getOrDefault("momentum", false)) {
          String buffer = slots.get(slots.size() - 1);
          m.stmt("$L[i] = momentum * $L[i] + u / avg", buffer, buffer);
          m.assign("rate * $L[i]", buffer);
        } else {
          m.assign("rate * u / avg");
        }
      }
      case "scale_by_adamax_torch" -> {
        String mu = slots.get(0);
        String inf = slots.get(1);
        m.stmt("$L[i] = beta1 * $L[i] + oneMinusBeta1 * u", mu, mu);
        m.stmt("$L[i] = $T.max(beta2 * $L[i], $T.abs(u) + eps)", inf, Math.class, inf, Math.class);
        m.assign("clr * $L[i] / $L[i]", mu, inf);
      }
      case "add_decayed_weights_torch" -> m.stmt("u += weightDecay * params[i]");
      case "decay_weights_torch" -> m.stmt("params[i] *= decay");
      case "scale_by_momentum_torch" -> {
        String buffer = slots.get(0);
        m.stmt("$L[i] = first ? u : momentum * $L[i] + gradientScale * u", buffer, buffer);
        if (t.flags().getOrDefault("nesterov", false)) {
          m.stmt("u += momentum * $L[i]", buffer);
        } else {
          m.assign("$L[i]", buffer);
        }
      }
      case "scale_by_adam_torch" -> {
        String mu = slots.get(0);
        String nu = slots.get(1);
        m.stmt("$L[i] += oneMinusBeta1 * (u - $L[i])", mu, mu);
        m.stmt("$L[i] = beta2 * $L[i] + oneMinusBeta2 * u * u", nu, nu);
        String second = nu + "[i]";
        if (slots.size() > 2) {
          m.stmt("$L[i] = $T.max($L[i], $L[i])", slots.get(2), Math.class, slots.get(2), nu);
          second = slots.get(2) + "[i]";
        }
        m.stmt("$T denom = $L$T.sqrt($L) / biasCorrection2Sqrt + eps", types.elem(), types.cast(), Math.class, second);
        m.assign("stepSize * $L[i] / denom", mu);
      }
      case "scale_by_nadam_torch" -> {
        String mu = slots.get(0);
        String nu = slots.get(1);
        m.stmt("$L[i] = beta1 * $L[i] + oneMinusBeta1 * u", mu, mu);
        m.stmt("$L[i] = beta2 * $L[i] + oneMinusBeta2 * u * u", nu, nu);
        m.stmt("$T denom = $L$T.sqrt($L[i]) / biasCorrection2Sqrt + eps", types.elem(), types.cast(), Math.class, nu);
        m.stmt("params[i] -= gradStep * u / denom");
        m.assign("momentumStep * $L[i] / denom", mu);
      }
      case "scale_by_radam_torch" -> {
        String mu = slots.get(0);
        String nu = slots.get(1);
        m.stmt("$L[i] = beta1 * $L[i] + oneMinusBeta1 * u", mu, mu);
        m.stmt("$L[i] = beta2 * $L[i] + oneMinusBeta2 * u * u", nu, nu);
        m.assign("$L[i] / firstCorrection * rate", mu);
        m.begin("if (rectified)");
        m.stmt("$T adaptive = 1 / ($L$T.sqrt($L[i]) + eps) * biasCorrection2Sqrt", types.elem(), types.cast(), Math.class,
            nu);
        m.assign("u * adaptive * rect");
        m.end();
      }
      case "scale_by_rprop_torch" -> {
        String prev = slots.get(0);
        String stepSize = slots.get(1);
        m.stmt("$T product = u * $L[i]", types.elem(), prev);
        m.stmt("$T factor = product > 0 ? etaplus : product < 0 ? etaminus : 1", types.elem());
        m.stmt("$L[i] = $T.min($T.max($L[i] * factor, minStep), maxStep)", stepSize, Math.class, Math.class, stepSize);
        m.begin("if (product < 0)");
        m.comment("the sign flipped: no move this step, and the next step's factor is 1");
        m.assign("0");
        m.end();
        m.stmt("$L[i] = u", prev);
        m.assign("$T.signum(u) * $L[i]", Math.class, stepSize);
      }
      case "scale_by_asgd_torch" -> {
        m.stmt("params[i] *= shrink");
        m.assign("eta * u");
      }
      case "average_iterates_torch" -> m.afterUpdate("$L[i] = averaging ? $L[i] + (params[i] - $L[i]) * mu : params[i]",
          slots.get(0), slots.get(0), slots.get(0));
      case "scale_by_schedule" -> m.times("rate");
      case "clip_global_norm" -> throw new IllegalStateException("clip_global_norm comes first in a chain");
      default -> throw new IllegalArgumentException("no transform " + t.name());
    }
  }
}
