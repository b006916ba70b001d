package org.optspec.processor.ir;

import org.optspec.spec.Call;

/** {@code init} / {@code bias_init} calls to {@link Initializer}s with torch's gains and fans. */
final class InitializerLowering {

  private final LoweringContext ctx;

  InitializerLowering(LoweringContext ctx) {
    this.ctx = ctx;
  }

  Initializer weight(Call init, int fanIn, int fanOut) {
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
            ctx.unsupported("kaiming gain for " + nonlinearity + " is not supported yet", init.pos());
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
      default -> elementwise(init);
    };
  }

  Initializer bias(Call init) {
    if (init.name().startsWith("kaiming") || init.name().startsWith("xavier")) {
      ctx.report(Lowering.INVALID, init.name() + " needs fan_in and fan_out, which a bias (one dimension) does not have",
          init.pos());
      return Initializer.constant(0, "");
    }
    return elementwise(init);
  }

  private Initializer elementwise(Call init) {
    return switch (init.name()) {
      case "zeros" -> Initializer.constant(0, "zeros");
      case "ones" -> Initializer.constant(1, "ones");
      case "constant" -> Initializer.constant(init.number("value"), "constant");
      case "normal" -> Initializer.normal(
          init.has("mean") ? init.number("mean") : 0, init.has("std") ? init.number("std") : 1, "normal");
      case "uniform" -> Initializer.uniform(
          init.has("low") ? init.number("low") : 0, init.has("high") ? init.number("high") : 1, "uniform");
      default -> {
        ctx.unsupported(init.name() + " initialization is not supported yet", init.pos());
        yield Initializer.constant(0, "");
      }
    };
  }
}
