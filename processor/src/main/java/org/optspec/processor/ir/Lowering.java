package org.optspec.processor.ir;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.optspec.spec.Call;
import org.optspec.spec.DataSpec;
import org.optspec.spec.Diagnostic;
import org.optspec.spec.GroupOverride;
import org.optspec.spec.ObjectiveSpec;
import org.optspec.spec.SourcePos;
import org.optspec.spec.Spec;
import org.optspec.spec.TrainerSpec;
import org.optspec.spec.Value;

/**
 * Lowers a checked {@link Spec} to a {@link TrainingProgram}. Reads only the canonical argument names
 * of docs/CATALOGUE.md. Catalogue entries this slice does not implement are reported as
 * {@code optspec.err.unsupported} at their position; lowering never throws on a checked spec.
 */
public final class Lowering {

  public static final String UNSUPPORTED = "optspec.err.unsupported";
  public static final String SHAPE = "optspec.err.shape";
  public static final String INVALID = "optspec.err.invalid";

  private final TrainerSpec spec;
  private final List<Diagnostic> diagnostics = new ArrayList<>();

  private Lowering(TrainerSpec spec) {
    this.spec = spec;
  }

  public static LoweringResult lower(Spec spec) {
    if (spec instanceof ObjectiveSpec objective) {
      return new LoweringResult(Optional.empty(), List.of(Diagnostic.error(
          UNSUPPORTED, "objective specs are not supported yet", objective.pos(), objective.source())));
    }
    return new Lowering((TrainerSpec) spec).run();
  }

  private LoweringResult run() {
    DataSource data = lowerData(spec.data());
    List<Layer> layers = lowerLayers(data.inputs());
    List<Param> params = parameters(layers);
    Loss loss = lowerLoss(data, layers);
    List<Regularizer> regularizers = spec.regularizers().stream().map(this::lowerRegularizer).toList();
    Optimizer optimizer = lowerOptimizer(params, layers);
    LrSchedule schedule = lowerSchedule();
    Optional<Double> clip = lowerClipping();
    checkTraining();
    diagnostics.sort(Comparator.comparingInt((Diagnostic d) -> d.pos().line()).thenComparingInt(d -> d.pos().column()));
    if (diagnostics.stream().anyMatch(Diagnostic::isError)) {
      return new LoweringResult(Optional.empty(), diagnostics);
    }
    int outputs = data.classes().orElse(data.targets());
    Optional<SpecRef> clipOrigin = spec.clipping().stream().findFirst().map(c -> ref(c.pos()));
    TrainingProgram program = new TrainingProgram(
        spec.name(), spec.source().fileName(), spec.precision(), spec.seed(), data, data.inputs(), outputs,
        layers, params, loss, regularizers, optimizer, schedule, clip, clipOrigin, spec.batch(), spec.epochs());
    return new LoweringResult(Optional.of(program), diagnostics);
  }

  // ---- data ---------------------------------------------------------------------------------

  private DataSource lowerData(DataSpec d) {
    Call source = d.source();
    if (!source.name().equals("csv")) {
      unsupported(source.name() + " data sources are not supported yet", source.pos());
    }
    String file = source.has("file") ? source.string("file") : "";
    int target = -1;
    if (source.has("target")) {
      Value t = source.get("target");
      if (t instanceof Value.Sym s) {
        target = s.name().equals("first") ? 0 : -1;
      } else if (t instanceof Value.Num n) {
        target = (int) n.value();
      }
    }
    Optional<Boolean> header = Optional.empty();
    if (source.has("header") && source.get("header") instanceof Value.Bool b) {
      header = Optional.of(b.value());
    }
    List<String> columns = new ArrayList<>();
    if (source.has("columns")) {
      for (Value v : source.tuple("columns")) {
        columns.add(v instanceof Value.Sym s ? s.name() : String.valueOf(v));
      }
    }
    Call input = d.input();
    int inputs = 1;
    if (input.name().equals("features")) {
      inputs = input.integer("count");
    } else {
      unsupported(input.name() + " inputs are not supported yet", input.pos());
    }
    List<DataSource.Preprocess> pre = new ArrayList<>();
    for (Call p : d.preprocessing()) {
      boolean targets = p.has("what") && p.symbol("what").equals("targets");
      if (targets && d.isClassification()) {
        diagnostics.add(error(INVALID, "a classifier's targets are class labels and cannot be " + p.name() + "d", p.pos()));
      }
      switch (p.name()) {
        case "scale" -> pre.add(new DataSource.Preprocess(false, targets, p.number("factor")));
        case "standardize" -> pre.add(new DataSource.Preprocess(true, targets, Double.NaN));
        default -> unsupported(p.name() + " preprocessing is not supported yet", p.pos());
      }
    }
    double test = 0.2;
    double validation = 0;
    long seed = 0;
    if (d.split().isPresent()) {
      Call s = d.split().get();
      test = s.has("test") ? s.number("test") : test;
      validation = s.has("validation") ? s.number("validation") : 0;
      seed = s.has("seed") ? (long) s.number("seed") : 0;
    }
    return new DataSource(file, target, header, columns, inputs, d.classes(), d.targets(), pre,
        test, validation, seed, d.split().isPresent(), ref(d.pos()));
  }

  // ---- model --------------------------------------------------------------------------------

  private List<Layer> lowerLayers(int inputs) {
    List<Layer> layers = new ArrayList<>();
    Map<String, Integer> counts = new HashMap<>();
    int size = inputs;
    if (spec.layers().isEmpty()) {
      diagnostics.add(error(INVALID, "the model has no layers", spec.pos()));
    }
    for (Call c : spec.layers()) {
      String kind = c.name();
      SpecRef origin = ref(c.pos());
      switch (kind) {
        case "dense" -> {
          int units = c.integer("units");
          String name = kind + (counts.merge(kind, 1, Integer::sum) - 1);
          Initializer w = c.has("init")
              ? weightInit(c.call("init"), size, units)
              : Initializer.uniform(-1 / Math.sqrt(size), 1 / Math.sqrt(size),
                  "torch nn.Linear default: U(±1/sqrt(fan_in = " + size + "))");
          boolean bias = !c.has("bias") || c.flag("bias");
          Optional<Initializer> b = Optional.empty();
          if (bias) {
            b = Optional.of(c.has("bias_init")
                ? biasInit(c.call("bias_init"))
                : Initializer.uniform(-1 / Math.sqrt(size), 1 / Math.sqrt(size),
                    "torch nn.Linear default bias: U(±1/sqrt(fan_in = " + size + "))"));
          }
          layers.add(new Layer.Dense(name, size, units, w, b, origin));
          size = units;
        }
        case "relu" -> layers.add(new Layer.Relu(kind + (counts.merge(kind, 1, Integer::sum) - 1), size, origin));
        case "dropout" -> layers.add(
            new Layer.Dropout(kind + (counts.merge(kind, 1, Integer::sum) - 1), size, c.number("p"), origin));
        default -> unsupported(kind + " layers are not supported yet", c.pos());
      }
    }
    return layers;
  }

  private static List<Param> parameters(List<Layer> layers) {
    List<Param> params = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      if (layers.get(i) instanceof Layer.Dense d) {
        params.add(new Param(d.name() + ".weight", d.name(), Param.Role.WEIGHT, i, d.inputSize() * d.outputSize(), d.weightInit()));
        if (d.hasBias()) {
          params.add(new Param(d.name() + ".bias", d.name(), Param.Role.BIAS, i, d.outputSize(), d.biasInit().get()));
        }
      }
    }
    return params;
  }

  private Initializer weightInit(Call init, int fanIn, int fanOut) {
    return switch (init.name()) {
      case "kaiming_normal", "kaiming_uniform" -> {
        boolean fanInMode = !init.has("mode") || init.symbol("mode").equals("fan_in");
        int fan = fanInMode ? fanIn : fanOut;
        double a = init.has("a") ? init.number("a") : 0;
        String nonlinearity = init.has("nonlinearity") ? init.symbol("nonlinearity") : "relu";
        double gain;
        String gainText;
        switch (nonlinearity) {
          case "relu" -> {
            gain = Math.sqrt(2);
            gainText = "sqrt(2)";
          }
          case "leaky_relu" -> {
            gain = Math.sqrt(2 / (1 + a * a));
            gainText = "sqrt(2 / (1 + " + a + "²))";
          }
          case "tanh" -> {
            gain = 5.0 / 3;
            gainText = "5/3";
          }
          case "linear", "sigmoid", "identity" -> {
            gain = 1;
            gainText = "1";
          }
          default -> {
            unsupported("kaiming gain for " + nonlinearity + " is not supported yet", init.pos());
            gain = 1;
            gainText = "1";
          }
        }
        String fanText = (fanInMode ? "fan_in = " : "fan_out = ") + fan;
        if (init.name().equals("kaiming_normal")) {
          yield Initializer.normal(0, gain / Math.sqrt(fan),
              "kaiming_normal: std = gain / sqrt(fan), gain " + gainText + ", " + fanText);
        }
        double bound = gain * Math.sqrt(3.0 / fan);
        yield Initializer.uniform(-bound, bound,
            "kaiming_uniform: bound = gain · sqrt(3 / fan), gain " + gainText + ", " + fanText);
      }
      case "xavier_uniform" -> {
        double gain = init.has("gain") ? init.number("gain") : 1;
        double bound = gain * Math.sqrt(6.0 / (fanIn + fanOut));
        yield Initializer.uniform(-bound, bound, "xavier_uniform: bound = gain · sqrt(6 / (fan_in + fan_out)), gain "
            + gain + ", fan_in = " + fanIn + ", fan_out = " + fanOut);
      }
      case "xavier_normal" -> {
        double gain = init.has("gain") ? init.number("gain") : 1;
        yield Initializer.normal(0, gain * Math.sqrt(2.0 / (fanIn + fanOut)),
            "xavier_normal: std = gain · sqrt(2 / (fan_in + fan_out)), gain " + gain + ", fan_in = " + fanIn
                + ", fan_out = " + fanOut);
      }
      default -> elementwiseInit(init);
    };
  }

  private Initializer biasInit(Call init) {
    if (init.name().startsWith("kaiming") || init.name().startsWith("xavier")) {
      diagnostics.add(error(INVALID, init.name() + " needs fan_in and fan_out, which a bias (one dimension) does not have",
          init.pos()));
      return Initializer.constant(0, "");
    }
    return elementwiseInit(init);
  }

  private Initializer elementwiseInit(Call init) {
    return switch (init.name()) {
      case "zeros" -> Initializer.constant(0, "zeros");
      case "ones" -> Initializer.constant(1, "ones");
      case "constant" -> Initializer.constant(init.number("value"), "constant");
      case "normal" -> Initializer.normal(
          init.has("mean") ? init.number("mean") : 0, init.has("std") ? init.number("std") : 1, "normal");
      case "uniform" -> Initializer.uniform(
          init.has("low") ? init.number("low") : 0, init.has("high") ? init.number("high") : 1, "uniform");
      default -> {
        unsupported(init.name() + " initialization is not supported yet", init.pos());
        yield Initializer.constant(0, "");
      }
    };
  }

  // ---- loss and regularization --------------------------------------------------------------

  private Loss lowerLoss(DataSource data, List<Layer> layers) {
    Call c = spec.loss();
    Loss.Kind kind;
    switch (c.name()) {
      case "mse" -> kind = Loss.Kind.MSE;
      case "softmax_cross_entropy" -> kind = Loss.Kind.SOFTMAX_CROSS_ENTROPY;
      default -> {
        unsupported(c.name() + " loss is not supported yet", c.pos());
        return new Loss(Loss.Kind.MSE, ref(c.pos()));
      }
    }
    if (kind == Loss.Kind.SOFTMAX_CROSS_ENTROPY && data.classes().isEmpty()) {
      diagnostics.add(error(INVALID, "softmax_cross_entropy needs a classifier: the data section has no 'classes'", c.pos()));
    }
    if (kind == Loss.Kind.MSE && data.classes().isPresent()) {
      diagnostics.add(error(INVALID, "mse needs regression targets, but the data section declares 'classes'", c.pos()));
    }
    if (!layers.isEmpty()) {
      Layer last = layers.get(layers.size() - 1);
      int expected = data.classes().orElse(data.targets());
      if (last.outputSize() != expected) {
        String what = data.classes().isPresent() ? expected + " classes" : expected + " targets";
        diagnostics.add(error(SHAPE, "the model outputs " + last.outputSize() + " values per sample but the data has "
            + what, last.origin().pos()));
      }
    }
    return new Loss(kind, ref(c.pos()));
  }

  private Regularizer lowerRegularizer(Call c) {
    Regularizer.Target on = Regularizer.Target.WEIGHTS;
    if (c.has("on")) {
      on = Regularizer.Target.valueOf(c.symbol("on").toUpperCase(Locale.ROOT));
    }
    return switch (c.name()) {
      case "l1" -> new Regularizer(c.number("strength"), 0, on, ref(c.pos()));
      case "l2" -> new Regularizer(0, c.number("strength"), on, ref(c.pos()));
      case "elastic_net" -> new Regularizer(c.number("l1"), c.number("l2"), on, ref(c.pos()));
      default -> {
        unsupported(c.name() + " regularization is not supported yet", c.pos());
        yield new Regularizer(0, 0, on, ref(c.pos()));
      }
    };
  }

  // ---- optimizer and groups -----------------------------------------------------------------

  private Optimizer lowerOptimizer(List<Param> params, List<Layer> layers) {
    Call c = spec.optimizer();
    Optimizer.Kind kind;
    switch (c.name()) {
      case "sgd" -> kind = Optimizer.Kind.SGD;
      case "adam" -> kind = Optimizer.Kind.ADAM;
      case "adamw" -> kind = Optimizer.Kind.ADAMW;
      default -> {
        unsupported(c.name() + " is not supported yet", c.pos());
        return new Optimizer(Optimizer.Kind.SGD, List.of(), ref(c.pos()));
      }
    }
    // Each tensor belongs to the first group whose selector matches it; the rest form "default".
    Map<String, List<String>> members = new LinkedHashMap<>();
    members.put("default", new ArrayList<>());
    for (GroupOverride g : spec.groups()) {
      members.put(groupName(g), new ArrayList<>());
    }
    for (Param p : params) {
      String group = "default";
      for (GroupOverride g : spec.groups()) {
        if (selects(g.selector(), p, layers)) {
          group = groupName(g);
          break;
        }
      }
      members.get(group).add(p.name());
    }
    List<Optimizer.Group> groups = new ArrayList<>();
    if (!members.get("default").isEmpty() || spec.groups().isEmpty()) {
      groups.add(group(kind, "default", members.get("default"), c.args(), Map.of(), ref(c.pos())));
    }
    for (GroupOverride g : spec.groups()) {
      List<String> ps = members.get(groupName(g));
      if (ps.isEmpty()) {
        diagnostics.add(error(INVALID, "group '" + g.selector() + "' selects no parameters", g.pos()));
        continue;
      }
      groups.add(group(kind, groupName(g), ps, c.args(), g.settings(), ref(g.pos())));
    }
    return new Optimizer(kind, groups, ref(c.pos()));
  }

  private static String groupName(GroupOverride g) {
    String s = g.selector();
    return s.chars().allMatch(Character::isDigit) ? "layer" + s : s;
  }

  private static boolean selects(String selector, Param p, List<Layer> layers) {
    return switch (selector) {
      case "biases" -> p.role() == Param.Role.BIAS;
      case "weights" -> p.role() == Param.Role.WEIGHT;
      // a layer kind (all layers of it: "dense"), a layer's name ("dense1") or its index among all layers ("2")
      default -> selector.equals(p.layer()) || selector.equals(p.layer().replaceAll("[0-9]+$", ""))
          || selector.equals(String.valueOf(p.layerIndex()));
    };
  }

  private Optimizer.Group group(
      Optimizer.Kind kind, String name, List<String> params, Map<String, Value> base, Map<String, Value> settings,
      SpecRef origin) {
    Map<String, Value> args = new LinkedHashMap<>(base);
    List<String> overridden = new ArrayList<>();
    double lrScale = 1;
    for (Map.Entry<String, Value> e : settings.entrySet()) {
      if (e.getKey().equals("lr_scale")) {
        lrScale = ((Value.Num) e.getValue()).value();
        overridden.add("lr");
      } else {
        args.put(e.getKey(), e.getValue());
        overridden.add(e.getKey());
      }
    }
    double lr = num(args, "lr", 1e-3) * lrScale;
    double weightDecay = num(args, "weight_decay", kind == Optimizer.Kind.ADAMW ? 0.01 : 0);
    double[] betas = {0.9, 0.999};
    if (args.get("betas") instanceof Value.Tuple t && t.items().size() == 2) {
      betas = new double[] {((Value.Num) t.items().get(0)).value(), ((Value.Num) t.items().get(1)).value()};
    }
    if (overridden.remove("betas")) {
      overridden.add("beta1");
      overridden.add("beta2");
    }
    double momentum = num(args, "momentum", 0);
    double dampening = num(args, "dampening", 0);
    boolean nesterov = flag(args, "nesterov");
    if (kind == Optimizer.Kind.SGD && nesterov && (momentum <= 0 || dampening != 0)) {
      diagnostics.add(error(INVALID, "nesterov momentum requires a momentum and zero dampening", origin.pos()));
    }
    return new Optimizer.Group(name, params, overridden, lr, weightDecay, momentum, dampening, nesterov,
        flag(args, "maximize"), betas[0], betas[1], num(args, "eps", 1e-8), flag(args, "amsgrad"), origin);
  }

  private static double num(Map<String, Value> args, String name, double fallback) {
    return args.get(name) instanceof Value.Num n ? n.value() : fallback;
  }

  private static boolean flag(Map<String, Value> args, String name) {
    return args.get(name) instanceof Value.Bool b && b.value();
  }

  // ---- schedule, clipping, training ---------------------------------------------------------

  private LrSchedule lowerSchedule() {
    List<LrSchedule.Phase> phases = new ArrayList<>();
    List<Call> calls = spec.schedule().phases();
    for (int i = 0; i < calls.size(); i++) {
      Call c = calls.get(i);
      boolean last = i == calls.size() - 1;
      Optional<Value.Dur> length = c.has("length") ? Optional.of(c.duration("length")) : Optional.empty();
      if (!last && length.isEmpty()) {
        diagnostics.add(error(INVALID, c.name() + " has no length, so no phase can follow it", c.pos()));
        continue;
      }
      switch (c.name()) {
        case "constant" -> phases.add(new LrSchedule.Constant(c.has("factor") ? c.number("factor") : 1, length));
        case "warmup" -> {
          String warmKind = c.has("kind") ? c.symbol("kind") : "linear";
          if (!warmKind.equals("linear")) {
            unsupported(warmKind + " warmup is not supported yet", c.pos());
          } else if (length.isEmpty()) {
            diagnostics.add(error(INVALID, "warmup needs a length", c.pos()));
          } else {
            phases.add(new LrSchedule.LinearWarmup(
                c.has("start_factor") ? c.number("start_factor") : 1.0 / 3, length.get()));
          }
        }
        case "cosine" -> {
          if (length.isEmpty()) {
            diagnostics.add(error(INVALID, "cosine needs a length", c.pos()));
          } else {
            phases.add(new LrSchedule.Cosine(length.get(), c.has("min_lr") ? c.number("min_lr") : 0, last));
          }
        }
        case "step" -> {
          if (!last) {
            diagnostics.add(error(INVALID, "step decays to the end of training, so no phase can follow it", c.pos()));
          }
          phases.add(new LrSchedule.StepDecay(c.duration("every"), c.has("gamma") ? c.number("gamma") : 0.1));
        }
        default -> unsupported(c.name() + " schedules are not supported yet", c.pos());
      }
    }
    if (calls.isEmpty()) {
      phases.add(new LrSchedule.Constant(1, Optional.empty()));
    }
    return new LrSchedule(phases, ref(spec.schedule().pos()));
  }

  private Optional<Double> lowerClipping() {
    Optional<Double> clip = Optional.empty();
    for (Call c : spec.clipping()) {
      if (!c.name().equals("global_norm")) {
        unsupported("clip " + c.name() + " is not supported yet", c.pos());
      } else if (clip.isPresent()) {
        diagnostics.add(error(INVALID, "global_norm clipping is given twice", c.pos()));
      } else {
        clip = Optional.of(c.number("max_norm"));
      }
    }
    return clip;
  }

  private void checkTraining() {
    if (spec.accumulate() != 1) {
      unsupported("gradient accumulation is not supported yet", spec.pos());
    }
    spec.stop().ifPresent(s -> unsupported("early stopping is not supported yet", s.pos()));
    spec.prune().ifPresent(p -> unsupported(p.name() + " pruning is not supported yet", p.pos()));
  }

  // ---- helpers ------------------------------------------------------------------------------

  private void unsupported(String message, SourcePos pos) {
    diagnostics.add(error(UNSUPPORTED, message, pos));
  }

  private Diagnostic error(String key, String message, SourcePos pos) {
    return Diagnostic.error(key, message, pos, spec.source());
  }

  private SpecRef ref(SourcePos pos) {
    return SpecRef.of(pos, spec.source());
  }
}
