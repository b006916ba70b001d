package org.optspec.processor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.optspec.spec.Call;
import org.optspec.spec.DataSpec;
import org.optspec.spec.GroupOverride;
import org.optspec.spec.Precision;
import org.optspec.spec.Schedule;
import org.optspec.spec.SourcePos;
import org.optspec.spec.SourceText;
import org.optspec.spec.StopRule;
import org.optspec.spec.TrainerSpec;
import org.optspec.spec.Value;

/**
 * Checked specs built by hand exactly as docs/CATALOGUE.md says the checker builds them: canonical
 * names, positional arguments bound, defaults filled, positions at the call's name in the text.
 */
public final class TestSpecs {

  private TestSpecs() {}

  /** {@code digits.optspec} as checked. */
  public static TrainerSpec digits() {
    return digitsBuilder().build();
  }

  public static Builder digitsBuilder() {
    Builder b = new Builder(resource("digits.optspec"));
    return b.name("DigitsClassifier").precision(Precision.FLOAT32).seed(42)
        .source(b.call("csv", "csv(\"digits.csv\"", args("file", str("digits.csv"), "target", sym("last"), "header", sym("auto"))))
        .input(b.call("features", "features 64", args("count", num(64))))
        .classes(10)
        .preprocess(b.call("scale", "scale features", args("what", sym("features"), "factor", num(1.0 / 16))))
        .split(b.call("split", "split(test", args("test", num(0.2), "validation", num(0), "seed", num(7))))
        .layer(b.call("dense", "dense(128", args("units", num(128),
            "init", call(b.call("kaiming_normal", "he)", args("a", num(0), "mode", sym("fan_in"), "nonlinearity", sym("relu")))),
            "bias", bool(true))))
        .layer(b.call("relu", "relu", Map.of()))
        .layer(b.call("dropout", "dropout(0.2)", args("p", num(0.2))))
        .layer(b.call("dense", "dense(10", args("units", num(10),
            "init", call(b.call("xavier_uniform", "xavier)", args("gain", num(1)))), "bias", bool(true))))
        .loss(b.call("softmax_cross_entropy", "softmax_cross_entropy", Map.of()))
        .optimizer(b.call("adamw", "adamw(", args("lr", num(1e-3), "betas", tuple(num(0.9), num(0.999)), "eps", num(1e-8),
            "weight_decay", num(0.01), "amsgrad", bool(false), "maximize", bool(false))))
        .group(new GroupOverride("biases", args("weight_decay", num(0)), b.pos("group biases")))
        .schedule(b.pos("schedule"),
            b.call("warmup", "warmup(", args("kind", sym("linear"), "length", steps(100), "start_factor", num(1.0 / 3))),
            b.call("cosine", "cosine(", args("length", steps(800), "min_lr", num(1e-5))))
        .clip(b.call("global_norm", "global_norm", args("max_norm", num(1.0))))
        .batch(32).epochs(20);
  }

  /** {@code diabetes.optspec} as checked. */
  public static TrainerSpec diabetes() {
    return diabetesBuilder().build();
  }

  public static Builder diabetesBuilder() {
    Builder b = new Builder(resource("diabetes.optspec"));
    return b.name("DiabetesRegression").precision(Precision.FLOAT64).seed(1)
        .source(b.call("csv", "csv(\"diabetes.csv\"", args("file", str("diabetes.csv"), "target", sym("last"), "header", sym("auto"))))
        .input(b.call("features", "features 10", args("count", num(10))))
        .targets(1)
        .preprocess(b.call("standardize", "standardize features", args("what", sym("features"))))
        .split(b.call("split", "split(test", args("test", num(0.2), "validation", num(0), "seed", num(3))))
        .layer(b.call("dense", "dense(1", args("units", num(1), "init", call(b.call("zeros", "zeros", Map.of())), "bias", bool(true))))
        .loss(b.call("mse", "mse", Map.of()))
        .regularizer(b.call("elastic_net", "elastic_net(", args("l1", num(1e-4), "l2", num(1e-3), "on", sym("weights"))))
        .optimizer(b.call("sgd", "sgd(", args("lr", num(0.01), "momentum", num(0.9), "dampening", num(0), "weight_decay", num(0),
            "nesterov", bool(true), "maximize", bool(false))))
        .schedule(b.pos("schedule"), b.call("step", "step(every", args("every", epochs(25), "gamma", num(0.5))))
        .batch(64).epochs(100);
  }

  /** A spec with no text of its own: every position is line 1 of a one-line file. */
  public static Builder synthetic(String name) {
    Builder b = new Builder(new SourceText(name + ".optspec", "trainer " + name + " { }\n"));
    return b.name(name).precision(Precision.FLOAT64).seed(5)
        .source(b.call("csv", "trainer", args("file", str("tiny.csv"), "target", sym("last"), "header", sym("auto"))))
        .batch(8).epochs(1);
  }

  // ---- values -------------------------------------------------------------------------------

  public static Value num(double v) {
    return new Value.Num(v);
  }

  public static Value sym(String s) {
    return new Value.Sym(s);
  }

  public static Value str(String s) {
    return new Value.Str(s);
  }

  public static Value bool(boolean b) {
    return new Value.Bool(b);
  }

  public static Value steps(double n) {
    return new Value.Dur(n, Value.Dur.Unit.STEPS);
  }

  public static Value epochs(double n) {
    return new Value.Dur(n, Value.Dur.Unit.EPOCHS);
  }

  public static Value tuple(Value... items) {
    return new Value.Tuple(List.of(items));
  }

  public static Value call(Call c) {
    return new Value.CallValue(c);
  }

  /** An ordered argument map from name, value pairs. */
  public static Map<String, Value> args(Object... pairs) {
    Map<String, Value> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], (Value) pairs[i + 1]);
    }
    return m;
  }

  static SourceText resource(String file) {
    try (InputStream in = TestSpecs.class.getResourceAsStream("/specs/" + file)) {
      return new SourceText(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Builds a {@link TrainerSpec}; positions are found by searching the source text. */
  public static final class Builder {
    private final SourceText text;
    private String name;
    private Precision precision;
    private long seed;
    private Call source;
    private Call input;
    private Optional<Integer> classes = Optional.empty();
    private int targets = 1;
    private final List<Call> preprocessing = new ArrayList<>();
    private Optional<Call> split = Optional.empty();
    private final List<Call> layers = new ArrayList<>();
    private Call loss;
    private final List<Call> regularizers = new ArrayList<>();
    private Call optimizer;
    private final List<GroupOverride> groups = new ArrayList<>();
    private Schedule schedule;
    private final List<Call> clipping = new ArrayList<>();
    private int batch;
    private int epochs;
    private int accumulate = 1;
    private Optional<StopRule> stop = Optional.empty();
    private Optional<Call> prune = Optional.empty();

    Builder(SourceText text) {
      this.text = text;
    }

    /** The position of the first occurrence of {@code needle}; line 1 column 1 when absent. */
    public SourcePos pos(String needle) {
      List<String> lines = text.lines();
      for (int i = 0; i < lines.size(); i++) {
        int col = lines.get(i).indexOf(needle);
        if (col >= 0) {
          return new SourcePos(text.fileName(), i + 1, col + 1);
        }
      }
      return new SourcePos(text.fileName(), 1, 1);
    }

    public Call call(String name, String needle, Map<String, Value> args) {
      return new Call(name, args, pos(needle));
    }

    public Builder name(String v) {
      name = v;
      return this;
    }

    public Builder precision(Precision v) {
      precision = v;
      return this;
    }

    public Builder seed(long v) {
      seed = v;
      return this;
    }

    public Builder source(Call v) {
      source = v;
      return this;
    }

    public Builder input(Call v) {
      input = v;
      return this;
    }

    public Builder features(int n) {
      return input(new Call("features", args("count", num(n)), pos("trainer")));
    }

    public Builder classes(int v) {
      classes = Optional.of(v);
      targets = 1;
      return this;
    }

    public Builder targets(int v) {
      classes = Optional.empty();
      targets = v;
      return this;
    }

    public Builder preprocess(Call v) {
      preprocessing.add(v);
      return this;
    }

    public Builder split(Call v) {
      split = Optional.of(v);
      return this;
    }

    public Builder layer(Call v) {
      layers.add(v);
      return this;
    }

    public Builder clearLayers() {
      layers.clear();
      return this;
    }

    public Builder loss(Call v) {
      loss = v;
      return this;
    }

    public Builder regularizer(Call v) {
      regularizers.add(v);
      return this;
    }

    public Builder optimizer(Call v) {
      optimizer = v;
      return this;
    }

    public Builder group(GroupOverride v) {
      groups.add(v);
      return this;
    }

    public Builder schedule(SourcePos pos, Call... phases) {
      schedule = new Schedule(List.of(phases), pos);
      return this;
    }

    public Builder clip(Call v) {
      clipping.add(v);
      return this;
    }

    public Builder clearClipping() {
      clipping.clear();
      return this;
    }

    public Builder batch(int v) {
      batch = v;
      return this;
    }

    public Builder epochs(int v) {
      epochs = v;
      return this;
    }

    public Builder accumulate(int v) {
      accumulate = v;
      return this;
    }

    public Builder stop(StopRule v) {
      stop = Optional.of(v);
      return this;
    }

    public Builder prune(Call v) {
      prune = Optional.of(v);
      return this;
    }

    /** The group overrides so far, mutable. */
    public List<GroupOverride> groups() {
      return groups;
    }

    public SourceText text() {
      return text;
    }

    public TrainerSpec build() {
      Schedule s = schedule != null ? schedule
          : new Schedule(List.of(new Call("constant", args("factor", num(1)), pos("trainer"))), pos("trainer"));
      DataSpec data = new DataSpec(source, input, classes, targets, preprocessing, split, pos("data"));
      return new TrainerSpec(name, pos("trainer"), precision, seed, data, layers, loss, regularizers, optimizer, groups,
          s, clipping, batch, epochs, accumulate, stop, prune, text);
    }
  }
}
