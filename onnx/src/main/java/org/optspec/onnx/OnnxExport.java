package org.optspec.onnx;

import static org.optspec.onnx.OnnxGraph.attribute;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.optspec.processor.ir.DataSource;
import org.optspec.processor.ir.Layer;
import org.optspec.processor.ir.Loss;
import org.optspec.processor.ir.Lowering;
import org.optspec.processor.ir.LoweringResult;
import org.optspec.processor.ir.TrainingProgram;
import org.optspec.runtime.Preprocessing;
import org.optspec.runtime.checkpoint.CheckpointException;
import org.optspec.runtime.checkpoint.DType;
import org.optspec.runtime.checkpoint.SafeTensors;
import org.optspec.spec.TrainerSpec;

/**
 * A trained model as an ONNX model (opset 13, float32): input {@code features}, the raw feature row
 * {@code [N, inputs]} exactly as the CSV holds it; the spec's preprocessing as graph nodes (a constant
 * {@code scale} is a Mul, {@code standardize} a Sub and a Div by the checkpoint's
 * {@code preprocess.features.mean}/{@code std}); every layer as its ONNX operator; output {@code probabilities}
 * {@code [N, classes]} for a classifier (the softmax, or {@code (1 − σ, σ)} for a binary cross-entropy classifier)
 * or {@code values} {@code [N, targets]} in the targets' original units (standardization and scaling undone).
 *
 * <p>Layers: dense → Gemm (transB, the weight stays {@code [out, in]}), relu/tanh/sigmoid/softmax/leaky_relu → their
 * ops, dropout → Identity, batchnorm → BatchNormalization with the running statistics (evaluation form), rnn →
 * Reshape, Transpose and RNN (the last hidden state), factorize → Cast to int64 and Gather from the factor and bias
 * tables. A layer kind without an export here is refused at its spec line ({@code file:line:col}).
 */
public final class OnnxExport {

  /** The graph's input and output names. */
  public static final String INPUT = "features";
  public static final String PROBABILITIES = "probabilities";
  public static final String VALUES = "values";

  private final TrainingProgram program;
  private final TrainerSpec spec;
  private final SafeTensors checkpoint;
  private final OnnxGraph graph;
  private final boolean f32;

  private OnnxExport(TrainingProgram program, TrainerSpec spec, SafeTensors checkpoint) {
    this.program = program;
    this.spec = spec;
    this.checkpoint = checkpoint;
    this.graph = new OnnxGraph(program.name());
    this.f32 = program.precision() == org.optspec.spec.Precision.FLOAT32;
  }

  /**
   * The ONNX model of {@code spec} with the weights and preprocessing statistics of {@code checkpoint} (a
   * checkpoint of this spec: its SHA-256 is checked). Throws {@link OnnxExportException}.
   */
  public static ModelProto export(TrainerSpec spec, SafeTensors checkpoint, String producerVersion) {
    LoweringResult lowered = Lowering.lower(spec);
    if (lowered.program().isEmpty()) {
      throw new OnnxExportException(lowered.diagnostics().isEmpty() ? spec.name() + ": does not lower"
          : lowered.diagnostics().get(0).toString());
    }
    TrainingProgram program = lowered.program().get();
    try {
      checkpoint.requireSpec(program.name(), program.specSha256());
      return new OnnxExport(program, spec, checkpoint).build(producerVersion);
    } catch (CheckpointException e) {
      throw new OnnxExportException(e.getMessage(), e);
    }
  }

  /** Whether the output is class probabilities (else values). */
  public static boolean isClassifier(TrainerSpec spec) {
    return spec.data() != null && Lowering.lower(spec).program().map(TrainingProgram::isClassifier).orElse(false);
  }

  private ModelProto build(String producerVersion) {
    String x = INPUT;
    graph.input(INPUT, program.inputs());
    x = preprocessFeatures(x);
    for (int i = 0; i < program.layers().size(); i++) {
      x = layer(program.layers().get(i), x);
    }
    String outputName;
    if (program.isClassifier()) {
      x = classProbabilities(x);
      outputName = PROBABILITIES;
    } else {
      x = program.loss().kind() == Loss.Kind.BINARY_CROSS_ENTROPY ? graph.node("Sigmoid", "probability", new String[] {x}) : x;
      x = restoreTargets(x);
      outputName = VALUES;
    }
    graph.output(x, outputName, program.outputs());
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("optspec.spec", program.name());
    metadata.put("optspec.spec_sha256", program.specSha256());
    metadata.put("optspec.source", program.sourceFile());
    return graph.model(producerVersion, metadata, program.name() + " from " + program.sourceFile() + ": input " + INPUT
        + " [N, " + program.inputs() + "] raw rows, output " + outputName + " [N, " + program.outputs() + "]");
  }

  // preprocessing ------------------------------------------------------------------------------------------------

  private String preprocessFeatures(String x) {
    List<DataSource.Preprocess> steps = program.data().preprocessing();
    for (int i = 0; i < steps.size(); i++) {
      DataSource.Preprocess p = steps.get(i);
      if (p.targets()) {
        continue;
      }
      if (p.standardize()) {
        double[] mean = statistic(Preprocessing.FEATURES_MEAN, i);
        double[] std = nonZero(statistic(Preprocessing.FEATURES_STD, i));
        x = graph.node("Sub", "standardized", new String[] {x, graph.constant("features_mean", mean, mean.length)});
        x = graph.node("Div", "standardized", new String[] {x, graph.constant("features_std", std, std.length)});
      } else {
        x = graph.node("Mul", "scaled", new String[] {x, graph.constant("features_scale", new double[] {p.factor()}, 1)});
      }
    }
    return x;
  }

  /** Undoes the target preprocessing in reverse spec order: y·std + mean, y / factor. */
  private String restoreTargets(String y) {
    List<DataSource.Preprocess> steps = program.data().preprocessing();
    for (int i = steps.size() - 1; i >= 0; i--) {
      DataSource.Preprocess p = steps.get(i);
      if (!p.targets()) {
        continue;
      }
      if (p.standardize()) {
        double[] mean = targetStatistic(Preprocessing.TARGETS_MEAN, i);
        double[] std = nonZero(targetStatistic(Preprocessing.TARGETS_STD, i));
        y = graph.node("Mul", "destandardized", new String[] {y, graph.constant("targets_std", std, std.length)});
        y = graph.node("Add", "destandardized", new String[] {y, graph.constant("targets_mean", mean, mean.length)});
      } else {
        y = graph.node("Div", "unscaled", new String[] {y, graph.constant("targets_scale", new double[] {p.factor()}, 1)});
      }
    }
    return y;
  }

  /** A constant column (std 0) is only centered, as the runtime's preprocessing does: its divisor is 1. */
  private static double[] nonZero(double[] std) {
    double[] out = std.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] = out[i] > 0 ? out[i] : 1;
    }
    return out;
  }

  /**
   * A feature statistic, {@code [inputs]}; for a sequence a {@code [features]} statistic is repeated for each step
   * (the row is time-major).
   */
  private double[] statistic(String name, int step) {
    var t = checkpoint.tensors().get(name);
    if (t == null) {
      throw missing(name, step);
    }
    int inputs = program.inputs();
    int features = program.data().input().features();
    long[] shape = t.shape();
    if (shape.length != 1 || (shape[0] != inputs && shape[0] != features)) {
      throw new OnnxExportException(checkpoint.file() + ": tensor \"" + name + "\" has shape " + t.shapeText()
          + ", expected [" + inputs + "]");
    }
    double[] values = f64(name, shape);
    if (values.length == inputs) {
      return values;
    }
    double[] tiled = new double[inputs];
    for (int i = 0; i < inputs; i++) {
      tiled[i] = values[i % features];
    }
    return tiled;
  }

  private double[] targetStatistic(String name, int step) {
    if (!checkpoint.tensors().containsKey(name)) {
      throw missing(name, step);
    }
    return f64(name, program.outputs());
  }

  /** Located at the preprocessing step of the spec ({@code file:line:col: standardize features needs ...}). */
  private OnnxExportException missing(String name, int step) {
    var call = spec.data().preprocessing().get(step);
    return new OnnxExportException(call.pos() + ": standardize " + call.symbol("what") + " needs the tensor \"" + name
        + "\" in the checkpoint " + checkpoint.file() + ", which has none (a checkpoint from before the statistics were"
        + " saved with the model: train again)");
  }

  // layers -------------------------------------------------------------------------------------------------------

  private String layer(Layer layer, String x) {
    String n = layer.name();
    if (layer instanceof Layer.Dense d) {
      String w = param(n + ".weight", d.outputSize(), d.inputSize());
      String[] inputs = d.hasBias() ? new String[] {x, w, param(n + ".bias", d.outputSize())} : new String[] {x, w};
      return graph.node("Gemm", n, inputs, attribute("transB", 1L));
    }
    if (layer instanceof Layer.Relu) {
      return graph.node("Relu", n, new String[] {x});
    }
    if (layer instanceof Layer.Tanh) {
      return graph.node("Tanh", n, new String[] {x});
    }
    if (layer instanceof Layer.Sigmoid) {
      return graph.node("Sigmoid", n, new String[] {x});
    }
    if (layer instanceof Layer.Softmax) {
      return graph.node("Softmax", n, new String[] {x}, attribute("axis", 1L));
    }
    if (layer instanceof Layer.LeakyRelu l) {
      return graph.node("LeakyRelu", n, new String[] {x}, attribute("alpha", l.slope()));
    }
    if (layer instanceof Layer.Dropout) {
      return graph.node("Identity", n, new String[] {x});
    }
    if (layer instanceof Layer.BatchNorm b) {
      return graph.node("BatchNormalization", n, new String[] {x, param(n + ".weight", b.inputSize()),
          param(n + ".bias", b.inputSize()), stateF64(n + ".running_mean", b.inputSize()),
          stateF64(n + ".running_var", b.inputSize())}, attribute("epsilon", b.eps()));
    }
    if (layer instanceof Layer.Rnn r) {
      return rnn(r, x);
    }
    if (layer instanceof Layer.Factorize f) {
      return factorize(f, x);
    }
    throw new OnnxExportException(layer.origin().pos() + ": " + layer.name() + " has no ONNX export yet ("
        + layer.origin().text() + ")");
  }

  /** [N, length·features] time-major → [length, N, features] → RNN → last hidden state [1, N, hidden] → [N, hidden]. */
  private String rnn(Layer.Rnn r, String x) {
    String n = r.name();
    String steps = graph.node("Reshape", n + "_steps", new String[] {x,
        graph.int64s(n + "_steps_shape", new long[] {-1, r.length(), r.features()}, 3)});
    String timeMajor = graph.node("Transpose", n + "_time_major", new String[] {steps}, attribute("perm", new long[] {1, 0, 2}));
    String w = param3(n + ".weight_ih", r.hidden(), r.features());
    String rr = param3(n + ".weight_hh", r.hidden(), r.hidden());
    double[] bias = new double[2 * r.hidden()];
    System.arraycopy(values(n + ".bias_ih", r.hidden()), 0, bias, 0, r.hidden());
    System.arraycopy(values(n + ".bias_hh", r.hidden()), 0, bias, r.hidden(), r.hidden());
    String b = graph.constant(n + "_bias", bias, 1, 2L * r.hidden());
    String last = graph.fresh(n + "_last");
    graph.node("RNN", new String[] {timeMajor, w, rr, b}, new String[] {"", last},
        attribute("hidden_size", (long) r.hidden()), OnnxGraph.strings("activations", r.relu() ? "Relu" : "Tanh"));
    return graph.node("Reshape", n, new String[] {last, graph.int64s(n + "_out_shape", new long[] {-1, r.hidden()}, 2)});
  }

  /** [N, 2] (user, item) → int64 ids → Gather rows of the tables → p_u · q_i (+ mean + b_u + b_i). */
  private String factorize(Layer.Factorize f, String x) {
    String n = f.name();
    String ids = graph.node("Cast", n + "_ids", new String[] {x}, attribute("to", 7L));   // 7: INT64
    String user = graph.node("Gather", n + "_user", new String[] {ids, graph.int64s(n + "_user_column", new long[] {0})},
        attribute("axis", 1L));
    String item = graph.node("Gather", n + "_item", new String[] {ids, graph.int64s(n + "_item_column", new long[] {1})},
        attribute("axis", 1L));
    String p = graph.node("Gather", n + "_p", new String[] {param(n + ".user_factors", f.users(), f.factors()), user});
    String q = graph.node("Gather", n + "_q", new String[] {param(n + ".item_factors", f.items(), f.factors()), item});
    String product = graph.node("Mul", n + "_pq", new String[] {p, q});
    String dot = graph.node("ReduceSum", n + "_dot", new String[] {product, graph.int64s(n + "_axes", new long[] {1}, 1)},
        attribute("keepdims", 1L));
    if (!f.bias()) {
      return dot;
    }
    String bu = graph.node("Gather", n + "_bu", new String[] {paramAs(n + ".user_bias", new long[] {f.users(), 1}, f.users()), user});
    String bi = graph.node("Gather", n + "_bi", new String[] {paramAs(n + ".item_bias", new long[] {f.items(), 1}, f.items()), item});
    String mean = graph.constant(n + "_mean", f64(n + ".mean", 1), 1);
    String sum = graph.node("Add", n + "_biases", new String[] {bu, bi});
    sum = graph.node("Add", n + "_biases", new String[] {sum, mean});
    return graph.node("Add", n, new String[] {dot, sum});
  }

  // output heads -------------------------------------------------------------------------------------------------

  private String classProbabilities(String logits) {
    if (program.loss().isBinaryClassifier(program.data())) {
      String p = graph.node("Sigmoid", "p", new String[] {logits});
      String q = graph.node("Sub", "one_minus_p", new String[] {graph.constant("one", new double[] {1}, 1), p});
      return graph.node("Concat", "class_probabilities", new String[] {q, p}, attribute("axis", 1L));
    }
    if (program.loss().kind() == Loss.Kind.SOFTMAX_CROSS_ENTROPY) {
      return graph.node("Softmax", "class_probabilities", new String[] {logits}, attribute("axis", 1L));
    }
    return logits;
  }

  // tensors from the checkpoint ----------------------------------------------------------------------------------

  /** A parameter, shape-checked, as a float32 initializer of that shape. */
  private String param(String name, long... shape) {
    return graph.constant(name.replace('.', '_'), values(name, shape), shape);
  }

  /** A parameter stored as {@code stored}, written with another shape of the same size (a bias table as a column). */
  private String paramAs(String name, long[] shape, long... stored) {
    return graph.constant(name.replace('.', '_'), values(name, stored), shape);
  }

  /** An RNN weight [hidden, x] as ONNX's [num_directions = 1, hidden, x]. */
  private String param3(String name, long rows, long cols) {
    return graph.constant(name.replace('.', '_'), values(name, rows, cols), 1, rows, cols);
  }

  private String stateF64(String name, long size) {
    return graph.constant(name.replace('.', '_'), f64(name, size), size);
  }

  /** A parameter in the trainer's precision, as doubles. */
  private double[] values(String name, long... shape) {
    if (!f32) {
      return f64(name, shape);
    }
    var t = checkpoint.expect(name, DType.F32, shape);
    float[] v = new float[(int) t.elements()];
    checkpoint.copy(name, v, 0);
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i];
    }
    return out;
  }

  private double[] f64(String name, long... shape) {
    var t = checkpoint.expect(name, DType.F64, shape);
    double[] v = new double[(int) t.elements()];
    checkpoint.copy(name, v, 0);
    return v;
  }
}
