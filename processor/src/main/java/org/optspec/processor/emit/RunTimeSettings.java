package org.optspec.processor.emit;

import static org.optspec.processor.emit.EmitContext.constName;

import com.palantir.javapoet.CodeBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.optspec.grammar.check.Catalogue;
import org.optspec.grammar.check.Entry;
import org.optspec.grammar.check.Kind;
import org.optspec.grammar.check.Param;
import org.optspec.grammar.check.Range;
import org.optspec.grammar.check.Type;
import org.optspec.processor.ir.Clip;
import org.optspec.processor.ir.Layer;
import org.optspec.processor.ir.LrSchedule;
import org.optspec.processor.ir.Optimizer;
import org.optspec.processor.ir.Regularizer;
import org.optspec.processor.ir.TrainingProgram;

/**
 * Which constants of a trainer are run-time settings: every number that changes neither a buffer's shape nor the
 * generated code's structure (the optimizer's options and each group's own, the schedule's numbers, clipping,
 * regularization strengths, dropout rates, pruning targets, epochs, seed, early stopping's patience), and the batch, which
 * only the rows a step takes follow ({@link #ROWS_PER_STEP}: the buffers stay sized for the spec's batch, so it may only
 * be lowered). Each is named after the spec
 * ({@code optimizer.betas} item 1 is {@code BETA2}) and checked against the catalogue's range of the parameter it comes
 * from, with the checker's label ({@code adamw beta2}). {@link SettingsEmitter} turns these constants into fields the
 * trainer's {@code Settings} set.
 */
final class RunTimeSettings {

  /**
   * One setting: the constant's name, the record component that holds it, the spec key, its item in a tuple key and
   * the tuple's size, the checker's label, the catalogue's range, and whether it is a whole number.
   */
  record Setting(String field, String component, String key, int index, int items, String label, Range range,
      boolean integer) {

    Setting(String field, String key, int index, int items, String label, Range range, boolean integer) {
      this(field, component(field), key, index, items, label, range, integer);
    }

    /**
     * The {@code Settings} constant of the key: {@code LR_KEY} after the constant {@code LR}, or {@code BATCH_KEY} after
     * the component {@code batch} when it is not named after its constant ({@code ROWS_PER_STEP}).
     */
    String keyConstant() {
      return (component.equals(component(field)) ? field : component.toUpperCase(Locale.ROOT)) + "_KEY";
    }

    /** The record component of a constant: {@code BIASES_WEIGHT_DECAY} → {@code biasesWeightDecay}. */
    private static String component(String field) {
      String camel = EmitContext.camel(field.toLowerCase(Locale.ROOT));
      return Character.toLowerCase(camel.charAt(0)) + camel.substring(1);
    }
  }

  /**
   * The constant holding the rows a step of {@code fit} and {@code predict} takes: the setting {@code batch}, at most the
   * compiled {@code BATCH} the buffers are sized for.
   */
  static final String ROWS_PER_STEP = "ROWS_PER_STEP";

  /** The constant holding early stopping's patience, the {@code N} of {@code stop when validation_loss stalls for N epochs}. */
  static final String PATIENCE = "PATIENCE";

  /** A constant computed from settings, assigned in the constructor after them ({@code DROPOUT0_SCALE}). */
  record Derived(String field, CodeBlock value) {}

  private final EmitContext ctx;
  private final TrainingProgram program;
  private final List<Setting> settings = new ArrayList<>();
  private final List<Derived> derived = new ArrayList<>();

  private RunTimeSettings(EmitContext ctx, Set<String> unread) {
    this.ctx = ctx;
    this.program = ctx.program();
    collect();
    settings.removeIf(s -> unread.contains(s.field()));
  }

  /** Every setting of the program. */
  static RunTimeSettings of(EmitContext ctx) {
    return new RunTimeSettings(ctx, Set.of());
  }

  /**
   * The settings of the program whose constants its code reads: a value the code was shaped by instead (a group's
   * {@code weight_decay 0} leaves the decay out of its chain) is not a setting; its constant stays as the spec says.
   */
  static RunTimeSettings read(EmitContext ctx, Set<String> unread) {
    return new RunTimeSettings(ctx, unread);
  }

  List<Setting> settings() {
    return settings;
  }

  List<Derived> derived() {
    return derived;
  }

  private void collect() {
    // lowered at run time only: the buffers are sized for the spec's batch, so the range ends there
    Type.Num batch = Catalogue.trainerSetting("batch");
    settings.add(new Setting(ROWS_PER_STEP, "batch", "batch", 0, 1, "batch",
        Range.closed(batch.range().low(), program.batch()), true));
    whole("epochs", "EPOCHS");
    whole("seed", "SEED");
    derived.add(new Derived("TRAINING_STREAM_SEED",
        CodeBlock.of("SEED ^ $L", TrainingConstantsEmitter.TRAINING_STREAM_SALT)));
    for (Layer layer : program.layers()) {
      if (layer instanceof Layer.Dropout) {
        String p = constName(layer.name());
        add(p + "_P", "model." + layer.name() + ".p", Kind.LAYER, "dropout", "p");
        derived.add(new Derived(p + "_SCALE", CodeBlock.of("$L", ctx.types().castExpr("1 / (1 - " + p + "_P)"))));
      }
    }
    optimizer(program.optimizer());
    schedule(program.schedule());
    program.clip().ifPresent(this::clip);
    regularizers(program.regularizers());
    if (program.earlyStopping().isPresent()) {
      Type.Num patience = Catalogue.trainerSetting("patience");
      settings.add(new Setting(PATIENCE, "stop.patience", 0, 1, "stop patience", patience.range(), true));
    }
    if (program.pruning().isPresent()) {
      add("PRUNE_FINAL_SPARSITY", "prune.final_sparsity", Kind.PRUNE, "magnitude", "final_sparsity");
      add("PRUNE_INITIAL_SPARSITY", "prune.initial_sparsity", Kind.PRUNE, "magnitude", "initial_sparsity");
      add("PRUNE_POWER", "prune.power", Kind.PRUNE, "magnitude", "power");
    }
  }

  private void whole(String keyword, String field) {
    Type.Num type = Catalogue.trainerSetting(keyword);
    settings.add(new Setting(field, keyword, 0, 1, keyword, type.range(), true));
  }

  /** The optimizer's own values ({@code LR}, {@code BETA1}, ...) and each group's ({@code BIASES_WEIGHT_DECAY}). */
  private void optimizer(Optimizer opt) {
    Optional<Entry> entry = optimizerEntry(opt);
    if (entry.isEmpty()) {
      return; // chain(...): its transforms' options are literals of the chain's code, not constants
    }
    HyperParameters hp = new HyperParameters(opt);
    for (String h : opt.hyperParameters()) {
      add(constName(h), "optimizer", entry.get(), h);
    }
    for (Optimizer.Group g : opt.groups()) {
      for (String h : g.overridden()) {
        if (hp.ownConstant(g, h) && HyperParameters.numeric(g, h) && opt.hyperParameters().contains(h)) {
          add(HyperParameters.groupConstant(g, h), "group." + g.name(), entry.get(), h);
        }
      }
    }
  }

  private static Optional<Entry> optimizerEntry(Optimizer opt) {
    return opt.kind() == Optimizer.Kind.CHAIN ? Optional.empty()
        : Catalogue.lookup(Kind.OPTIMIZER, opt.kind().name().toLowerCase(Locale.ROOT));
  }

  /** Each phase's numbers: the constant {@code <PREFIX>_<PARAM>} of every number parameter of its catalogue entry. */
  private void schedule(LrSchedule schedule) {
    for (int i = 0; i < schedule.phases().size(); i++) {
      String prefix = ScheduleEmitter.prefix(schedule, i);
      String name = PhaseEmitters.of(schedule.phases().get(i)).kind().toLowerCase(Locale.ROOT);
      Entry entry = Catalogue.lookup(Kind.SCHEDULE, name).orElseThrow();
      for (Param p : entry.params()) {
        // cosine_restarts' t_mul is rounded into a whole-number constant at compile time: it stays as the spec says
        if (p.type() instanceof Type.Num num && !p.name().equals("t_mul")) {
          settings.add(setting(prefix + "_" + constName(p.name()), "schedule." + prefix.toLowerCase(Locale.ROOT) + "."
              + p.name(), name, p.name(), num, 0, 1));
        }
      }
    }
  }

  private void clip(Clip clip) {
    if (clip instanceof Clip.GlobalNorm) {
      add("CLIP_MAX_NORM", "clip.max_norm", Kind.CLIP, "global_norm", "max_norm");
    } else if (clip instanceof Clip.ByValue) {
      add("CLIP_MAX_VALUE", "clip.max", Kind.CLIP, "value", "max");
    } else if (clip instanceof Clip.Adaptive) {
      add("CLIP_FACTOR", "clip.factor", Kind.CLIP, "adaptive", "factor");
      add("CLIP_BETA", "clip.beta", Kind.CLIP, "adaptive", "beta");
    } else if (clip instanceof Clip.Agc) {
      add("CLIP_AGC", "clip.clipping", Kind.CLIP, "agc", "clipping");
      add("CLIP_AGC_EPS", "clip.eps", Kind.CLIP, "agc", "eps");
    }
  }

  /**
   * A strength that is not 0 ({@code L2}, {@code REGULARIZER1_L1}): a zero strength has no code, so it stays as the
   * spec says.
   */
  private void regularizers(List<Regularizer> regularizers) {
    for (int i = 0; i < regularizers.size(); i++) {
      Regularizer r = regularizers.get(i);
      String field = regularizers.size() > 1 ? "REGULARIZER" + i + "_" : "";
      String key = regularizers.size() > 1 ? "regularizer" + i + "." : "regularizer.";
      if (r.l1() != 0 && r.l2() != 0) {
        add(field + "L1", key + "l1", Kind.REGULARIZER, "elastic_net", "l1");
        add(field + "L2", key + "l2", Kind.REGULARIZER, "elastic_net", "l2");
      } else if (r.l1() != 0) {
        add(field + "L1", key + "l1", Kind.REGULARIZER, "l1", "strength");
      } else if (r.l2() != 0) {
        add(field + "L2", key + "l2", Kind.REGULARIZER, "l2", "strength");
      }
    }
  }

  private void add(String field, String key, Kind kind, String entry, String param) {
    Param p = Catalogue.lookup(kind, entry).orElseThrow().param(param).orElseThrow();
    settings.add(setting(field, key, entry, param, (Type.Num) p.type(), 0, 1));
  }

  /** An optimizer option by its flat name: {@code lr}, or {@code beta2}, item 1 of the tuple {@code betas}. */
  private void add(String field, String scope, Entry entry, String flat) {
    for (Param p : entry.params()) {
      if (p.name().equals(flat) && p.type() instanceof Type.Num num) {
        settings.add(setting(field, scope + "." + p.name(), entry.name(), flat, num, 0, 1));
        return;
      }
      if (p.type() instanceof Type.Tuple tuple && tuple.itemNames().contains(flat)) {
        int index = tuple.itemNames().indexOf(flat);
        settings.add(setting(field, scope + "." + p.name(), entry.name(), flat, number(tuple.items().get(index)),
            index, tuple.items().size()));
        return;
      }
    }
    throw new IllegalStateException(entry.name() + " has no number option " + flat);
  }

  /** A number type, or the number option of "none or a number" (Adafactor's eps1), whose constant holds the number. */
  private static Type.Num number(Type type) {
    if (type instanceof Type.OneOf oneOf) {
      return oneOf.options().stream().filter(Type.Num.class::isInstance).map(Type.Num.class::cast).findFirst().orElseThrow();
    }
    return (Type.Num) type;
  }

  private static Setting setting(String field, String key, String entry, String param, Type.Num type, int index,
      int items) {
    return new Setting(field, key, index, items, entry + " " + param, type.range(), type.integer());
  }
}
