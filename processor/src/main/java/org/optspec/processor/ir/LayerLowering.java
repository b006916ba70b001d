package org.optspec.processor.ir;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.optspec.spec.Call;

/**
 * The model: each layer call to a {@link Layer} named by kind and index among its kind ({@code dense0}), and the
 * parameters of the layers. Add a layer kind as a {@code case} in {@link #lower} (and its {@link Layer} record).
 */
final class LayerLowering {

  private final LoweringContext ctx;
  private final InitializerLowering inits;

  LayerLowering(LoweringContext ctx) {
    this.ctx = ctx;
    this.inits = new InitializerLowering(ctx);
  }

  List<Layer> lower(DataSource data) {
    List<Layer> layers = new ArrayList<>();
    Map<String, Integer> counts = new HashMap<>();
    int size = data.inputs();
    if (ctx.spec().layers().isEmpty()) {
      ctx.report(Lowering.INVALID, "the model has no layers", ctx.spec().pos());
    }
    for (Call c : ctx.spec().layers()) {
      String kind = c.name();
      SpecRef origin = ctx.ref(c.pos());
      boolean first = layers.isEmpty();
      switch (kind) {
        case "dense" -> layers.add(dense(c, kind + (counts.merge(kind, 1, Integer::sum) - 1), size, origin));
        case "relu" -> layers.add(new Layer.Relu(kind + (counts.merge(kind, 1, Integer::sum) - 1), size, origin));
        case "dropout" -> layers.add(
            new Layer.Dropout(kind + (counts.merge(kind, 1, Integer::sum) - 1), size, c.number("p"), origin));
        case "leaky_relu" -> layers.add(new Layer.LeakyRelu(kind + (counts.merge(kind, 1, Integer::sum) - 1), size,
            c.has("negative_slope") ? c.number("negative_slope") : 0.01, origin));
        case "tanh" -> layers.add(new Layer.Tanh(kind + (counts.merge(kind, 1, Integer::sum) - 1), size, origin));
        case "sigmoid" -> layers.add(new Layer.Sigmoid(kind + (counts.merge(kind, 1, Integer::sum) - 1), size, origin));
        case "softmax" -> layers.add(new Layer.Softmax(kind + (counts.merge(kind, 1, Integer::sum) - 1), size, origin));
        case "batchnorm" -> layers.add(new Layer.BatchNorm(kind + (counts.merge(kind, 1, Integer::sum) - 1), size,
            c.has("momentum") ? c.number("momentum") : 0.1, c.has("eps") ? c.number("eps") : 1e-5, origin));
        case "rnn" -> {
          if (firstReads(c, first, data, DataSource.Input.Kind.SEQUENCE, "sequence(length, features)")) {
            layers.add(rnn(c, kind + (counts.merge(kind, 1, Integer::sum) - 1), data.input(), origin));
          }
        }
        case "factorize" -> {
          if (firstReads(c, first, data, DataSource.Input.Kind.PAIRS, "pairs(users, items)")) {
            layers.add(factorize(c, kind + (counts.merge(kind, 1, Integer::sum) - 1), data.input(), origin));
          }
        }
        default -> ctx.unsupported(kind + " layers are not supported yet", c.pos());
      }
      if (!layers.isEmpty()) {
        size = layers.get(layers.size() - 1).outputSize();
      }
    }
    return layers;
  }

  private Layer.Dense dense(Call c, String name, int size, SpecRef origin) {
    int units = c.integer("units");
    Initializer w = c.has("init")
        ? inits.weight(c.call("init"), size, units)
        : Initializer.uniform(-1 / Math.sqrt(size), 1 / Math.sqrt(size),
            "torch nn.Linear default: U(±1/sqrt(fan_in = " + size + "))");
    boolean bias = !c.has("bias") || c.flag("bias");
    Optional<Initializer> b = Optional.empty();
    if (bias) {
      b = Optional.of(c.has("bias_init")
          ? inits.bias(c.call("bias_init"))
          : Initializer.uniform(-1 / Math.sqrt(size), 1 / Math.sqrt(size),
              "torch nn.Linear default bias: U(±1/sqrt(fan_in = " + size + "))"));
    }
    return new Layer.Dense(name, size, units, w, b, origin);
  }

  /** rnn and factorize read the raw input row, so they must come first and the data must have their input kind. */
  private boolean firstReads(Call c, boolean first, DataSource data, DataSource.Input.Kind kind, String input) {
    if (data.input().kind() != kind) {
      ctx.report(Lowering.INVALID, c.name() + " needs " + input + " input in the data section", c.pos());
      return false;
    }
    if (!first) {
      ctx.report(Lowering.INVALID, c.name() + " must be the first layer: it reads the " + input + " input", c.pos());
      return false;
    }
    return true;
  }

  /**
   * torch nn.RNN's default draws all four tensors from U(±1/sqrt(hidden)). An {@code init} replaces that for the two
   * weight matrices only (W_ih with fans (features, hidden), W_hh with (hidden, hidden)); the biases keep torch's
   * default, as PyTorch code that re-initializes the {@code weight_*} parameters gets.
   */
  private Layer.Rnn rnn(Call c, String name, DataSource.Input in, SpecRef origin) {
    int hidden = c.integer("hidden");
    boolean relu = c.has("activation") && c.symbol("activation").equals("relu");
    double bound = 1 / Math.sqrt(hidden);
    Initializer standard = Initializer.uniform(-bound, bound, "torch nn.RNN default: U(±1/sqrt(hidden = " + hidden + "))");
    Initializer ih = c.has("init") ? inits.weight(c.call("init"), in.features(), hidden) : standard;
    Initializer hh = c.has("init") ? inits.weight(c.call("init"), hidden, hidden) : standard;
    return new Layer.Rnn(name, in.length(), in.features(), hidden, relu, ih, hh, standard, origin);
  }

  /**
   * Factors default to torch nn.Embedding's N(0, 1). Biases (when {@code bias: true}) start at 0, as the usual PyTorch
   * recommender code zero-initializes its bias embeddings (nn.Embedding's own default would be N(0, 1)).
   */
  private Layer.Factorize factorize(Call c, String name, DataSource.Input in, SpecRef origin) {
    Initializer init = c.has("init") ? inits.bias(c.call("init")) : Initializer.normal(0, 1, "torch nn.Embedding default: N(0, 1)");
    return new Layer.Factorize(name, in.users(), in.items(), c.integer("factors"), init,
        c.has("bias") && c.flag("bias"), origin);
  }

  /** The layers' parameter tensors in torch's {@code parameters()} order: per layer, weight then bias. */
  static List<Param> parameters(List<Layer> layers) {
    List<Param> params = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      if (layers.get(i) instanceof Layer.Dense d) {
        params.add(new Param(d.name() + ".weight", d.name(), Param.Role.WEIGHT, i, d.inputSize() * d.outputSize(), d.weightInit()));
        if (d.hasBias()) {
          params.add(new Param(d.name() + ".bias", d.name(), Param.Role.BIAS, i, d.outputSize(), d.biasInit().get()));
        }
      } else if (layers.get(i) instanceof Layer.BatchNorm b) {
        params.add(new Param(b.name() + ".weight", b.name(), Param.Role.WEIGHT, i, b.outputSize(),
            Initializer.constant(1, "torch BatchNorm1d: weight (scale) 1")));
        params.add(new Param(b.name() + ".bias", b.name(), Param.Role.BIAS, i, b.outputSize(),
            Initializer.constant(0, "torch BatchNorm1d: bias (shift) 0")));
      } else if (layers.get(i) instanceof Layer.Rnn r) {
        params.add(new Param(r.name() + ".weight_ih", r.name(), Param.Role.WEIGHT, i, r.hidden() * r.features(), r.weightIh()));
        params.add(new Param(r.name() + ".weight_hh", r.name(), Param.Role.WEIGHT, i, r.hidden() * r.hidden(), r.weightHh()));
        params.add(new Param(r.name() + ".bias_ih", r.name(), Param.Role.BIAS, i, r.hidden(), r.bias()));
        params.add(new Param(r.name() + ".bias_hh", r.name(), Param.Role.BIAS, i, r.hidden(), r.bias()));
      } else if (layers.get(i) instanceof Layer.Factorize f) {
        params.add(new Param(f.name() + ".user_factors", f.name(), Param.Role.WEIGHT, i, f.users() * f.factors(), f.factorInit()));
        params.add(new Param(f.name() + ".item_factors", f.name(), Param.Role.WEIGHT, i, f.items() * f.factors(), f.factorInit()));
        if (f.bias()) {
          Initializer zero = Initializer.constant(0, "zeros (bias embeddings)");
          params.add(new Param(f.name() + ".user_bias", f.name(), Param.Role.BIAS, i, f.users(), zero));
          params.add(new Param(f.name() + ".item_bias", f.name(), Param.Role.BIAS, i, f.items(), zero));
        }
      }
    }
    return params;
  }
}
