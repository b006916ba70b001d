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

  List<Layer> lower(int inputs) {
    List<Layer> layers = new ArrayList<>();
    Map<String, Integer> counts = new HashMap<>();
    int size = inputs;
    if (ctx.spec().layers().isEmpty()) {
      ctx.report(Lowering.INVALID, "the model has no layers", ctx.spec().pos());
    }
    for (Call c : ctx.spec().layers()) {
      String kind = c.name();
      SpecRef origin = ctx.ref(c.pos());
      switch (kind) {
        case "dense" -> layers.add(dense(c, kind + (counts.merge(kind, 1, Integer::sum) - 1), size, origin));
        case "relu" -> layers.add(new Layer.Relu(kind + (counts.merge(kind, 1, Integer::sum) - 1), size, origin));
        case "dropout" -> layers.add(
            new Layer.Dropout(kind + (counts.merge(kind, 1, Integer::sum) - 1), size, c.number("p"), origin));
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

  /** The layers' parameter tensors in torch's {@code parameters()} order: per layer, weight then bias. */
  static List<Param> parameters(List<Layer> layers) {
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
}
