package org.optspec.grammar.check;

import static org.optspec.grammar.check.EntryVocabulary.bool;
import static org.optspec.grammar.check.EntryVocabulary.call;
import static org.optspec.grammar.check.EntryVocabulary.dur;
import static org.optspec.grammar.check.EntryVocabulary.entry;
import static org.optspec.grammar.check.EntryVocabulary.epochs;
import static org.optspec.grammar.check.EntryVocabulary.integer;
import static org.optspec.grammar.check.EntryVocabulary.n;
import static org.optspec.grammar.check.EntryVocabulary.num;
import static org.optspec.grammar.check.EntryVocabulary.span;
import static org.optspec.grammar.check.EntryVocabulary.steps;
import static org.optspec.grammar.check.EntryVocabulary.sym;
import static org.optspec.grammar.check.EntryVocabulary.symbol;
import static org.optspec.grammar.check.Param.absentByDefault;
import static org.optspec.grammar.check.Param.optional;
import static org.optspec.grammar.check.Param.required;

import java.util.List;
import org.optspec.spec.Value;

/** Learning-rate schedules (torch.optim.lr_scheduler), the data section, data sources and pruning. */
final class TrainingEntries {

  private TrainingEntries() {}

  static List<Entry> all() {
    return List.of(
        // Schedules. Every phase may have a length; only the last may omit it (it then runs to the end).
        entry(Kind.SCHEDULE, "constant",
            optional("factor", num(Range.above(0)), n(1)), length()),
        entry(Kind.SCHEDULE, "warmup",
            optional("kind", sym("linear", "exponential"), symbol("linear")),
            length(),
            optional("start_factor", num(Range.openClosed(0, 1)), n(1.0 / 3))),
        entry(Kind.SCHEDULE, "cosine",
            length(), optional("min_lr", num(Range.atLeast(0)), n(0))),
        entry(Kind.SCHEDULE, "step",
            required("every", span()), gamma(), length()),
        entry(Kind.SCHEDULE, "multistep",
            required("milestones", new Type.TupleOf(new Type.OneOf(List.of(dur(), num(Range.closed(0, Limits.MAX_EPOCHS)))))),
            gamma(), length()),
        entry(Kind.SCHEDULE, "exponential",
            required("gamma", num(Range.above(0))),
            optional("every", span(), epochs(1)),
            length()),
        entry(Kind.SCHEDULE, "cosine_restarts",
            length(),
            optional("t_mul", num(Range.closed(1, Limits.MAX_T_MUL)), n(1)),
            optional("m_mul", num(Range.above(0)), n(1)),
            optional("min_lr", num(Range.atLeast(0)), n(0))),
        entry(Kind.SCHEDULE, "polynomial",
            length(),
            optional("power", num(Range.atLeast(0)), n(1)),
            optional("end_lr", num(Range.atLeast(0)), n(0))),
        entry(Kind.SCHEDULE, "one_cycle",
            required("max_lr", num(Range.above(0))),
            length(),
            optional("pct_start", num(Range.open(0, 1)), n(0.3)),
            optional("div_factor", num(Range.above(0)), n(25)),
            optional("final_div_factor", num(Range.above(0)), n(1e4))),
        // ReduceLROnPlateau(mode='min') with its threshold and cooldown defaults.
        entry(Kind.SCHEDULE, "plateau",
            optional("factor", num(Range.open(0, 1)), n(0.1)),
            optional("patience", integer(Limits.intCount()), n(10)),
            optional("min_lr", num(Range.atLeast(0)), n(0)),
            optional("threshold", num(Range.atLeast(0)), n(1e-4)),
            optional("cooldown", integer(Limits.intCount()), n(0)),
            length()),

        // Statements of the data { } section; "features 64" is features(count: 64).
        entry(Kind.DATA, "source", required("from", call(Kind.SOURCE))),
        entry(Kind.DATA, "features", required("count", integer(Limits.width()))),
        entry(Kind.DATA, "sequence",
            required("length", integer(Limits.width())),
            required("features", integer(Limits.width()))),
        entry(Kind.DATA, "pairs",
            required("users", integer(Limits.width())),
            required("items", integer(Limits.width()))),
        entry(Kind.DATA, "classes", required("count", integer(Range.closed(2, Limits.MAX_WIDTH)))),
        entry(Kind.DATA, "targets", required("count", integer(Limits.width()))),
        entry(Kind.DATA, "scale",
            required("what", sym("features", "targets")),
            required("factor", num(Range.above(0)))),
        entry(Kind.DATA, "standardize",
            optional("what", sym("features", "targets"), symbol("features"))),
        entry(Kind.DATA, "split",
            optional("test", num(Range.halfOpen(0, 1)), n(0.2)),
            optional("validation", num(Range.halfOpen(0, 1)), n(0)),
            optional("seed", Common.SEED, n(0))),

        entry(Kind.SOURCE, "csv",
            required("file", new Type.Str()),
            optional("target", new Type.OneOf(List.of(sym("last", "first"), integer(Limits.intCount()))),
                symbol("last")),
            optional("header", new Type.OneOf(List.of(bool(), sym("auto"))), symbol("auto")),
            absentByDefault("columns", new Type.TupleOf(sym()))),

        // Gradual magnitude pruning (Zhu & Gupta 2017): sparsity rises from initial to final
        // between 'from' and 'to' along a cubic (power 3), pruning every 'every'.
        entry(Kind.PRUNE, "magnitude",
            required("final_sparsity", num(Range.halfOpen(0, 1))),
            optional("from", dur(), steps(0)),
            required("to", span()),
            optional("every", span(), steps(100)),
            optional("on", sym("weights", "biases", "all"), symbol("weights")),
            optional("initial_sparsity", num(Range.halfOpen(0, 1)), n(0)),
            optional("power", num(Range.above(0)), n(3))));
  }

  /** {@code length: Dur > 0}, also written {@code steps: N}, {@code epochs: N}, {@code over: D} or {@code first: D}. */
  private static Param length() {
    return absentByDefault("length", span())
        .alias("steps", Value.Dur.Unit.STEPS)
        .alias("epochs", Value.Dur.Unit.EPOCHS)
        .alias("over")
        .alias("first");
  }

  private static Param gamma() {
    return optional("gamma", num(Range.above(0)), n(0.1));
  }
}
