package org.optspec.grammar.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.optspec.grammar.ast.Statement;
import org.optspec.spec.Call;
import org.optspec.spec.Precision;
import org.optspec.spec.Value;

/** Settings a trainer and an objective share: precision, seed, optimizer, clipping. */
final class Common {

  static final Type.Num BATCH = EntryVocabulary.integer(Range.closed(1, Limits.MAX_BATCH));
  static final Type.Num EPOCHS = EntryVocabulary.integer(Range.closed(1, Limits.MAX_EPOCHS));
  static final Type.Num ACCUMULATE = EntryVocabulary.integer(Range.closed(1, Limits.MAX_ACCUMULATE));
  static final Type.Num STEPS = EntryVocabulary.integer(Range.closed(1, Limits.MAX_STEPS));
  static final Type.Num SEED = EntryVocabulary.integer(Range.closed(0, Long.MAX_VALUE));
  /** A stop rule's patience, {@code stalls for N epochs} (or steps). */
  static final Type.Num PATIENCE = EntryVocabulary.integer(Range.atLeast(1));

  private final SettingReader reader;

  Common(SettingReader reader) {
    this.reader = reader;
  }

  /** {@code float32} (torch's default dtype) when the spec has no {@code precision}. */
  Optional<Precision> precision(Sections sections) {
    Optional<Statement.Setting> setting = sections.one("precision");
    if (setting.isEmpty()) {
      return Optional.of(Precision.FLOAT32);
    }
    return reader.value(setting.get(), EntryVocabulary.sym("float32", "float64"))
        .map(v -> ((Value.Sym) v).name().equals("float64") ? Precision.FLOAT64 : Precision.FLOAT32);
  }

  Optional<Long> seed(Sections sections) {
    Optional<Statement.Setting> setting = sections.one("seed");
    if (setting.isEmpty()) {
      return Optional.of(0L);
    }
    return reader.number(setting.get(), SEED).map(Double::longValue);
  }

  /** The optimizer, checked against {@link OptimizerRules}. */
  Optional<CallBinder.Bound> optimizer(Sections sections) {
    Optional<CallBinder.Bound> bound = sections.one("optimizer").flatMap(s -> reader.call(s, Kind.OPTIMIZER));
    bound.ifPresent(new OptimizerRules(reader.reporter())::check);
    return bound;
  }

  List<Call> clipping(Sections sections) {
    List<Call> clipping = new ArrayList<>();
    for (Statement.Setting setting : sections.all("clip")) {
      reader.call(setting, Kind.CLIP).ifPresent(b -> clipping.add(b.call()));
    }
    return clipping;
  }
}
