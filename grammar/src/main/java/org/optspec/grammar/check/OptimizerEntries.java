package org.optspec.grammar.check;

import static org.optspec.grammar.check.EntryVocabulary.bool;
import static org.optspec.grammar.check.EntryVocabulary.call;
import static org.optspec.grammar.check.EntryVocabulary.entry;
import static org.optspec.grammar.check.EntryVocabulary.n;
import static org.optspec.grammar.check.EntryVocabulary.num;
import static org.optspec.grammar.check.EntryVocabulary.pair;
import static org.optspec.grammar.check.EntryVocabulary.pairOf;
import static org.optspec.grammar.check.EntryVocabulary.sym;
import static org.optspec.grammar.check.EntryVocabulary.symbol;
import static org.optspec.grammar.check.EntryVocabulary.yes;
import static org.optspec.grammar.check.Param.optional;
import static org.optspec.grammar.check.Param.required;

import java.util.List;
import org.optspec.spec.Value;

/**
 * Optimizers with torch.optim's parameter names and defaults (lion, lars, lamb and
 * natural_gradient, which torch lacks, follow their papers / optax), the primitive transforms of
 * {@code chain(...)} with optax's names, and gradient clipping.
 */
final class OptimizerEntries {

  private OptimizerEntries() {}

  static List<Entry> all() {
    return List.of(
        entry(Kind.OPTIMIZER, "sgd",
            lr(1e-3),
            optional("momentum", num(Range.atLeast(0)), n(0)),
            optional("dampening", num(), n(0)),
            weightDecay(0),
            optional("nesterov", bool(), yes(false)),
            maximize()),
        entry(Kind.OPTIMIZER, "adam",
            lr(1e-3), betas(0.9, 0.999), eps(1e-8), weightDecay(0),
            optional("amsgrad", bool(), yes(false)), maximize()),
        entry(Kind.OPTIMIZER, "adamw",
            lr(1e-3), betas(0.9, 0.999), eps(1e-8), weightDecay(1e-2),
            optional("amsgrad", bool(), yes(false)), maximize()),
        entry(Kind.OPTIMIZER, "adagrad",
            lr(1e-2),
            optional("lr_decay", num(Range.atLeast(0)), n(0)),
            weightDecay(0),
            optional("initial_accumulator_value", num(Range.atLeast(0)), n(0)),
            eps(1e-10), maximize()),
        entry(Kind.OPTIMIZER, "rmsprop",
            lr(1e-2),
            optional("alpha", num(Range.atLeast(0)), n(0.99)),
            eps(1e-8), weightDecay(0),
            optional("momentum", num(Range.atLeast(0)), n(0)),
            optional("centered", bool(), yes(false)),
            maximize()),
        entry(Kind.OPTIMIZER, "adadelta",
            lr(1.0),
            optional("rho", num(Range.closed(0, 1)), n(0.9)),
            eps(1e-6), weightDecay(0), maximize()),
        entry(Kind.OPTIMIZER, "adamax",
            lr(2e-3), betas(0.9, 0.999), eps(1e-8), weightDecay(0), maximize()),
        entry(Kind.OPTIMIZER, "nadam",
            lr(2e-3), betas(0.9, 0.999), eps(1e-8), weightDecay(0),
            optional("momentum_decay", num(Range.atLeast(0)), n(4e-3)),
            optional("decoupled_weight_decay", bool(), yes(false)),
            maximize()),
        entry(Kind.OPTIMIZER, "radam",
            lr(1e-3), betas(0.9, 0.999), eps(1e-8), weightDecay(0),
            optional("decoupled_weight_decay", bool(), yes(false)),
            maximize()),
        entry(Kind.OPTIMIZER, "rprop",
            lr(1e-2),
            optional("etas",
                pair("etaminus", num(Range.open(0, 1)), "etaplus", num(Range.above(1))),
                pairOf(n(0.5), n(1.2))),
            optional("step_sizes",
                pair("min_step", num(Range.atLeast(0)), "max_step", num(Range.above(0))),
                pairOf(n(1e-6), n(50))),
            maximize()),
        entry(Kind.OPTIMIZER, "asgd",
            lr(1e-2),
            optional("lambd", num(Range.atLeast(0)), n(1e-4)),
            optional("alpha", num(Range.atLeast(0)), n(0.75)),
            optional("t0", num(Range.atLeast(0)), n(1e6)),
            weightDecay(0), maximize()),
        // torch.optim.Adafactor: eps=(None, 1e-3), where None is the dtype's machine epsilon,
        // written here as the name 'none'.
        entry(Kind.OPTIMIZER, "adafactor",
            lr(1e-2),
            optional("beta2_decay", num(Range.atMost(0)), n(-0.8)),
            optional("eps",
                pair("eps1", new Type.OneOf(List.of(sym("none"), num(Range.atLeast(0)))),
                    "eps2", num(Range.atLeast(0))),
                pairOf(symbol("none"), n(1e-3))),
            optional("d", num(Range.atLeast(0)), n(1.0)),
            weightDecay(0), maximize()),
        // Lion (Chen et al. 2023): lr 1e-4, betas (0.9, 0.99), decoupled weight decay.
        entry(Kind.OPTIMIZER, "lion",
            lr(1e-4), betas(0.9, 0.99), weightDecay(0), maximize()),
        // LARS (You et al. 2017, as optax.lars): momentum SGD scaled by the layer-wise trust ratio.
        entry(Kind.OPTIMIZER, "lars",
            lr(1e-3),
            optional("momentum", num(Range.atLeast(0)), n(0.9)),
            weightDecay(0),
            optional("trust_coefficient", num(Range.above(0)), n(1e-3)),
            eps(0),
            optional("nesterov", bool(), yes(false))),
        // LAMB (You et al. 2019): Adam moments scaled by the layer-wise trust ratio.
        entry(Kind.OPTIMIZER, "lamb",
            lr(1e-3), betas(0.9, 0.999), eps(1e-6), weightDecay(0)),
        // AdaBelief (Zhuang et al. 2020, as optax.adabelief): Adam with the variance of g around its mean;
        // optax's betas, eps and eps_root, the lr of the authors' adabelief-pytorch.
        entry(Kind.OPTIMIZER, "adabelief",
            lr(1e-3), betas(0.9, 0.999), eps(1e-16),
            optional("eps_root", num(Range.atLeast(0)), n(1e-16))),
        // Damped empirical Fisher, solved densely (defaults as kfac-pytorch's lr and damping); or, for an objective
        // over Gaussians' (mu, sigma), the analytic Fisher metric diag(1/sigma^2, 2/sigma^2).
        entry(Kind.OPTIMIZER, "natural_gradient",
            lr(1e-3),
            optional("damping", num(Range.above(0)), n(1e-3)),
            optional("metric", sym("empirical_fisher", "gaussian"), symbol("empirical_fisher"))),
        entry(Kind.OPTIMIZER, "chain",
            Param.rest("transforms", new Type.TupleOf(call(Kind.TRANSFORM)))),

        // Primitive transforms of chain(...), optax's names and defaults.
        entry(Kind.TRANSFORM, "scale_by_adam",
            optional("b1", num(Range.halfOpen(0, 1)), n(0.9)),
            optional("b2", num(Range.halfOpen(0, 1)), n(0.999)),
            eps(1e-8),
            optional("eps_root", num(Range.atLeast(0)), n(0))),
        entry(Kind.TRANSFORM, "scale_by_belief",
            optional("b1", num(Range.halfOpen(0, 1)), n(0.9)),
            optional("b2", num(Range.halfOpen(0, 1)), n(0.999)),
            eps(1e-16),
            optional("eps_root", num(Range.atLeast(0)), n(1e-16))),
        entry(Kind.TRANSFORM, "scale_by_rms",
            optional("decay", num(Range.halfOpen(0, 1)), n(0.9)),
            eps(1e-8),
            optional("initial_scale", num(Range.atLeast(0)), n(0))),
        entry(Kind.TRANSFORM, "scale_by_momentum",
            optional("momentum", num(Range.halfOpen(0, 1)), n(0.9)),
            optional("nesterov", bool(), yes(false))),
        entry(Kind.TRANSFORM, "scale_by_trust_ratio",
            optional("min_norm", num(Range.atLeast(0)), n(0)),
            optional("trust_coefficient", num(Range.above(0)), n(1)),
            eps(0)),
        entry(Kind.TRANSFORM, "add_decayed_weights",
            optional("weight_decay", num(Range.atLeast(0)), n(0)),
            optional("on", sym("weights", "biases", "all"), symbol("weights"))),
        entry(Kind.TRANSFORM, "clip_global_norm", required("max_norm", num(Range.above(0)))),
        entry(Kind.TRANSFORM, "clip_value", required("max", num(Range.above(0)))),
        entry(Kind.TRANSFORM, "clip_adaptive",
            optional("clipping", num(Range.above(0)), n(0.01)),
            optional("eps", num(Range.above(0)), n(1e-3))),
        entry(Kind.TRANSFORM, "scale", required("step_size", num())),
        entry(Kind.TRANSFORM, "scale_by_schedule"),

        // Clipping of the whole gradient before the optimizer sees it.
        entry(Kind.CLIP, "global_norm", required("max_norm", num(Range.above(0)))),
        entry(Kind.CLIP, "value", required("max", num(Range.above(0)))),
        // Clip the global norm to factor x a running mean (decay beta) of past norms.
        entry(Kind.CLIP, "adaptive",
            optional("factor", num(Range.above(0)), n(2.0)),
            optional("beta", num(Range.halfOpen(0, 1)), n(0.99))),
        // Adaptive gradient clipping per unit (Brock et al. 2021), as optax.adaptive_grad_clip.
        entry(Kind.CLIP, "agc",
            optional("clipping", num(Range.above(0)), n(0.01)),
            optional("eps", num(Range.above(0)), n(1e-3))));
  }

  private static Param lr(double defaultLr) {
    return optional("lr", num(Range.above(0)), n(defaultLr)).alias("learning_rate");
  }

  private static Param betas(double beta1, double beta2) {
    return optional("betas",
        pair("beta1", num(Range.halfOpen(0, 1)), "beta2", num(Range.halfOpen(0, 1))),
        pairOf(n(beta1), n(beta2)));
  }

  private static Param eps(double defaultEps) {
    return optional("eps", num(Range.atLeast(0)), n(defaultEps));
  }

  private static Param weightDecay(double defaultDecay) {
    return optional("weight_decay", num(Range.atLeast(0)), n(defaultDecay));
  }

  private static Param maximize() {
    return optional("maximize", bool(), new Value.Bool(false));
  }
}
