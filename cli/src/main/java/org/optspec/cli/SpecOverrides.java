package org.optspec.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.optspec.spec.Call;
import org.optspec.spec.Diagnostic;
import org.optspec.spec.DiagnosticKey;
import org.optspec.spec.GroupOverride;
import org.optspec.spec.Spec;
import org.optspec.spec.TrainerSpec;
import org.optspec.spec.Value;

/**
 * Command-line settings that replace a spec's own, applied to the checked spec before lowering, so the
 * generated trainer is exactly the one the spec would give with {@code epochs N}, {@code seed N} or
 * {@code optimizer adam} written in it. Null means "the spec's value".
 *
 * @param optimizer a complete optimizer call (every default filled in from the catalogue: {@link OptimizerChoice})
 *     that replaces the spec's; group settings the new optimizer does not take are dropped, {@code lr_scale} and
 *     the options it shares with the old one are kept
 */
record SpecOverrides(Integer epochs, Long seed, Call optimizer) {

  static final SpecOverrides NONE = new SpecOverrides(null, null);

  SpecOverrides(Integer epochs, Long seed) {
    this(epochs, seed, null);
  }

  boolean isEmpty() {
    return epochs == null && seed == null && optimizer == null;
  }

  /** The spec with these settings, or the diagnostics that say why they cannot apply. */
  Spec apply(Spec spec) {
    if (isEmpty()) {
      return spec;
    }
    if (!(spec instanceof TrainerSpec t)) {
      throw new SpecCompilation.SpecFailure(List.of(Diagnostic.error(DiagnosticKey.FORM.key(),
          "--epochs, --seed and --optimizers apply to a trainer; " + spec.name() + " is an objective", spec.pos(), spec.source())));
    }
    Call opt = optimizer != null ? new Call(optimizer.name(), optimizer.args(), t.optimizer().pos()) : t.optimizer();
    List<GroupOverride> groups = optimizer == null ? t.groups() : t.groups().stream().map(g -> keptSettings(g, opt)).toList();
    return new TrainerSpec(t.name(), t.pos(), t.precision(), seed != null ? seed : t.seed(), t.data(), t.layers(), t.loss(),
        t.regularizers(), opt, groups, t.schedule(), t.clipping(), t.batch(), epochs != null ? epochs : t.epochs(),
        t.accumulate(), t.stop(), t.prune(), t.source());
  }

  /** A group's settings that {@code optimizer} takes: {@code lr_scale} and its own options. */
  private static GroupOverride keptSettings(GroupOverride group, Call optimizer) {
    Map<String, Value> kept = new LinkedHashMap<>();
    group.settings().forEach((name, value) -> {
      if (name.equals("lr_scale") || optimizer.has(name)) {
        kept.put(name, value);
      }
    });
    return new GroupOverride(group.selector(), kept, group.pos());
  }
}
