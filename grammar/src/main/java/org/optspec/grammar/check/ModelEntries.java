package org.optspec.grammar.check;

import static org.optspec.grammar.check.EntryVocabulary.bool;
import static org.optspec.grammar.check.EntryVocabulary.call;
import static org.optspec.grammar.check.EntryVocabulary.entry;
import static org.optspec.grammar.check.EntryVocabulary.integer;
import static org.optspec.grammar.check.EntryVocabulary.n;
import static org.optspec.grammar.check.EntryVocabulary.num;
import static org.optspec.grammar.check.EntryVocabulary.sym;
import static org.optspec.grammar.check.EntryVocabulary.symbol;
import static org.optspec.grammar.check.EntryVocabulary.yes;
import static org.optspec.grammar.check.Param.absentByDefault;
import static org.optspec.grammar.check.Param.optional;
import static org.optspec.grammar.check.Param.required;

import java.util.List;

/** Layers, initializers (torch.nn.init), losses and regularizers. */
final class ModelEntries {

  private ModelEntries() {}

  private static final String[] NONLINEARITIES = {
    "linear", "conv1d", "conv2d", "conv3d", "sigmoid", "tanh", "relu", "leaky_relu", "selu"
  };

  static List<Entry> all() {
    return List.of(
        // Layers. An absent init/bias_init means nn.Linear's own initialization.
        entry(Kind.LAYER, "dense", List.of("linear"),
            required("units", integer(Limits.width())),
            absentByDefault("init", call(Kind.INIT)),
            optional("bias", bool(), yes(true)),
            absentByDefault("bias_init", call(Kind.INIT))),
        entry(Kind.LAYER, "relu"),
        entry(Kind.LAYER, "tanh"),
        entry(Kind.LAYER, "sigmoid"),
        entry(Kind.LAYER, "softmax"),
        entry(Kind.LAYER, "leaky_relu", optional("negative_slope", num(), n(0.01))),
        entry(Kind.LAYER, "dropout", optional("p", num(Range.halfOpen(0, 1)), n(0.5))),
        entry(Kind.LAYER, "batchnorm", List.of("batch_norm"),
            optional("momentum", num(Range.closed(0, 1)), n(0.1)),
            optional("eps", num(Range.above(0)), n(1e-5))),
        entry(Kind.LAYER, "rnn",
            required("hidden", integer(Limits.width())),
            optional("activation", sym("tanh", "relu"), symbol("tanh")),
            absentByDefault("init", call(Kind.INIT))),
        entry(Kind.LAYER, "factorize",
            required("factors", integer(Limits.width())),
            absentByDefault("init", call(Kind.INIT)),
            optional("bias", bool(), yes(false))),

        // Initializers, as torch.nn.init.
        entry(Kind.INIT, "zeros"),
        entry(Kind.INIT, "ones"),
        entry(Kind.INIT, "constant", required("value", num())),
        entry(Kind.INIT, "normal",
            optional("mean", num(), n(0)),
            optional("std", num(Range.above(0)), n(1))),
        entry(Kind.INIT, "uniform",
            optional("low", num(), n(0)),
            optional("high", num(), n(1))),
        entry(Kind.INIT, "xavier_uniform", List.of("xavier", "glorot", "glorot_uniform"),
            optional("gain", num(Range.above(0)), n(1))),
        entry(Kind.INIT, "xavier_normal", List.of("glorot_normal"),
            optional("gain", num(Range.above(0)), n(1))),
        entry(Kind.INIT, "kaiming_normal", List.of("he", "he_normal"), kaimingParams()),
        entry(Kind.INIT, "kaiming_uniform", List.of("he_uniform"), kaimingParams()),

        // Losses.
        entry(Kind.LOSS, "mse"),
        entry(Kind.LOSS, "mae"),
        entry(Kind.LOSS, "huber", optional("delta", num(Range.above(0)), n(1.0))),
        entry(Kind.LOSS, "softmax_cross_entropy", List.of("cross_entropy")),
        entry(Kind.LOSS, "binary_cross_entropy"),

        // Regularizers, added to the loss.
        entry(Kind.REGULARIZER, "l1",
            required("strength", num(Range.atLeast(0))),
            optional("on", sym("weights", "biases", "all"), symbol("weights"))),
        entry(Kind.REGULARIZER, "l2",
            required("strength", num(Range.atLeast(0))),
            optional("on", sym("weights", "biases", "all"), symbol("weights"))),
        entry(Kind.REGULARIZER, "elastic_net",
            required("l1", num(Range.atLeast(0))),
            required("l2", num(Range.atLeast(0))),
            optional("on", sym("weights", "biases", "all"), symbol("weights"))));
  }

  private static Param[] kaimingParams() {
    return new Param[] {
      optional("a", num(Range.atLeast(0)), n(0)),
      optional("mode", sym("fan_in", "fan_out"), symbol("fan_in")),
      optional("nonlinearity", sym(NONLINEARITIES), symbol("relu"))
    };
  }
}
