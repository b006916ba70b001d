package org.optspec.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.optspec.processor.ir.Layer;
import org.optspec.processor.ir.Lowering;
import org.optspec.processor.ir.LoweringResult;
import org.optspec.processor.ir.TrainingProgram;
import org.optspec.processor.plan.MemoryPlan;
import org.optspec.processor.plan.MemoryPlanner;
import org.optspec.runtime.Dataset;
import org.optspec.runtime.Trainer;
import org.optspec.spec.TrainerSpec;

/**
 * A trainer traced full batch: the spec is recompiled with {@code batch} = the training split's rows, so every
 * step sees the whole split in its stored order (no shuffling). The loss column is the data loss in evaluation
 * mode (dropout off, no regularization penalty) over the whole split; the steps themselves train with dropout
 * on, its masks drawn from the spec seed's training stream, so a trace of a spec with dropout is deterministic
 * but is not the trajectory of the same model without dropout.
 */
final class FullBatchTrainerSubject implements TraceSubject {

  private final Trainer trainer;
  private final Dataset train;
  private final int[] order;
  private final String[] names;
  private final long epochs;
  private final Method loss;
  private final Object x;
  private final Object y;

  private FullBatchTrainerSubject(Trainer trainer, Dataset train, String[] names, long epochs) throws ReflectiveOperationException {
    this.trainer = trainer;
    this.train = train;
    this.names = names;
    this.epochs = epochs;
    this.order = new int[train.rows()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Class<?> type = trainer.getClass();
    boolean f32 = type.getMethod("params").getReturnType() == float[].class;
    Class<?> array = f32 ? float[].class : double[].class;
    this.loss = type.getMethod("loss", array, array, int.class);
    this.x = f32 ? narrow(train.x()) : train.x();
    this.y = f32 ? narrow(train.y()) : train.y();
    // full batch: one step per epoch, known before the first step so lr(0) is right too
    trainer.setStepsPerEpoch(1L);
  }

  /**
   * Compiles the spec once to learn the training split's size, then again with that batch; the trainer starts
   * from {@code initFrom}'s weights when it is not null, with the settings {@code sets} changes ({@code KEY=VALUE}).
   */
  static FullBatchTrainerSubject load(Path specFile, Path initFrom, List<String> sets, boolean allowDataOutside)
      throws ReflectiveOperationException {
    CompiledSpec first = SpecCompilation.compileTrainer(specFile, SpecOverrides.NONE).allowDataOutside(allowDataOutside);
    first.settings().with(sets); // refuses a bad --set before the second compile
    for (String set : sets) {
      if (set.substring(0, Math.max(0, set.indexOf('='))).trim().equals("batch")) {
        throw new RunSettings.BadSetting("--set batch: a trace steps full batch (every training row in each step), so it"
            + " has no batch to set");
      }
    }
    TrainerSpec spec = first.spec();
    Dataset train = first.loadData(null).train();
    TrainerSpec fullBatch = new TrainerSpec(spec.name(), spec.pos(), spec.precision(), spec.seed(), spec.data(),
        spec.layers(), spec.loss(), spec.regularizers(), spec.optimizer(), spec.groups(), spec.schedule(),
        spec.clipping(), train.rows(), spec.epochs(), spec.accumulate(), spec.stop(), spec.prune(), spec.source());
    Class<?> type = CheckedSpecCompiler.compileAndLoad(fullBatch);
    RunSettings settings = RunSettings.defaults(type).with(sets);
    Trainer trainer = (Trainer) type.getConstructor(settings.type()).newInstance(settings.values());
    if (initFrom != null) {
      trainer.initFrom(initFrom);
    }
    return new FullBatchTrainerSubject(trainer, train, elementNames(fullBatch),
        settings.raw(settings.key("epochs")).longValue());
  }

  /** Each element of the flat layout by tensor: {@code dense0.weight[r,c]} ([out × in] as torch stores it), {@code dense0.bias[i]}. */
  private static String[] elementNames(TrainerSpec spec) {
    LoweringResult lowered = Lowering.lower(spec);
    TrainingProgram program = lowered.program().orElseThrow();
    MemoryPlan plan = MemoryPlanner.plan(program);
    List<String> names = new ArrayList<>();
    for (MemoryPlan.Tensor t : plan.tensors()) {
      String layerName = t.name().substring(0, t.name().indexOf('.'));
      Layer layer = program.layers().stream().filter(l -> l.name().equals(layerName)).findFirst().orElseThrow();
      if (t.name().endsWith(".weight") && layer instanceof Layer.Dense d) {
        for (int r = 0; r < d.outputSize(); r++) {
          for (int c = 0; c < d.inputSize(); c++) {
            names.add(t.name() + "[" + r + "," + c + "]");
          }
        }
      } else {
        for (int i = 0; i < t.length(); i++) {
          names.add(t.name() + "[" + i + "]");
        }
      }
    }
    return names.toArray(String[]::new);
  }

  private static float[] narrow(double[] a) {
    float[] f = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      f[i] = (float) a[i];
    }
    return f;
  }

  @Override
  public String[] parameterNames() {
    return names.clone();
  }

  @Override
  public double learningRate(long step) {
    return trainer.learningRate(step);
  }

  @Override
  public double loss() {
    return (double) invoke(loss, x, y, train.rows());
  }

  @Override
  public double[] parameters() {
    return trainer.parameters();
  }

  @Override
  public void step() {
    trainer.step(train, order, 0, train.rows());
  }

  @Override
  public long specSteps() {
    return epochs;
  }

  private Object invoke(Method m, Object... args) {
    try {
      return m.invoke(trainer, args);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
