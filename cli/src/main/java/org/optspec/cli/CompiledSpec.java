package org.optspec.cli;

import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import org.optspec.runtime.Model;
import org.optspec.runtime.Trainer;
import org.optspec.runtime.data.DataPipeline;
import org.optspec.runtime.data.Splits;
import org.optspec.spec.TrainerSpec;

/**
 * A trainer spec compiled and loaded in this process: the checked spec (batch, epochs, seed as the
 * trainer has them), its generated class, and how to load its data. Everything it asks the generated class goes
 * through the {@link Trainer} interface ({@code dataPipeline}, {@code learningRate}, {@code setStepsPerEpoch}); the
 * reflective calls left are the trainer's constructor and the model's static {@code load(Path)}, of classes compiled
 * in this process.
 */
final class CompiledSpec {
  private final Path file;
  private final TrainerSpec spec;
  private final Class<?> trainerClass;
  private Trainer spare;
  private boolean allowDataOutside;
  private RunSettings settings;

  CompiledSpec(Path file, TrainerSpec spec, Class<?> trainerClass) {
    this.file = file;
    this.spec = spec;
    this.trainerClass = trainerClass;
  }

  Path file() {
    return file;
  }

  TrainerSpec spec() {
    return spec;
  }

  String name() {
    return spec.name();
  }

  /** The run-time settings trainers are built with: the spec's until {@link #use} changes them. */
  RunSettings settings() {
    if (settings == null) {
      settings = RunSettings.defaults(trainerClass);
    }
    return settings;
  }

  /** Builds the next trainers with these settings (a spare built with others is dropped). */
  CompiledSpec use(RunSettings settings) {
    this.settings = settings;
    this.spare = null;
    return this;
  }

  /** The epochs of the settings. */
  int epochs() {
    return settings().raw(settings().key("epochs")).intValue();
  }

  /** The seed of the settings. */
  long seed() {
    return settings().raw(settings().key("seed")).longValue();
  }

  /** A fresh trainer with {@code settings} (another trial's: the spec's own settings stay as they are). */
  Trainer newTrainer(RunSettings settings) {
    try {
      return (Trainer) trainerClass.getConstructor(settings.type()).newInstance(settings.values());
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("the generated trainer's constructor failed", e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot instantiate " + trainerClass.getName(), e);
    }
  }

  /** A fresh trainer with the settings, initialized from their seed. */
  Trainer newTrainer() {
    if (spare != null) {
      Trainer t = spare;
      spare = null;
      return t;
    }
    try {
      RunSettings s = settings();
      return (Trainer) trainerClass.getConstructor(s.type()).newInstance(s.values());
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("the generated trainer's constructor failed", e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot instantiate " + trainerClass.getName(), e);
    }
  }

  /**
   * A trainer to ask what its class says (the data pipeline, whether the schedule counts epochs): it is still fresh
   * afterwards, so the next {@link #newTrainer} hands it out instead of constructing another.
   */
  private Trainer spare() {
    if (spare == null) {
      spare = newTrainer();
    }
    return spare;
  }

  /**
   * The spec's data, or {@code csv} with the spec's columns, preprocessing and split when it is not
   * null. The spec's own file is relative to the spec's directory and must lie inside its folder tree unless
   * {@link #allowDataOutside} (a located {@code SpecFailure} otherwise). Throws {@code DataException}.
   */
  Splits loadData(Path csv) {
    DataPipeline pipeline = spare().dataPipeline();
    DataLoadPrinter printer = new DataLoadPrinter(System.err);
    if (csv != null) {
      return pipeline.withFile(csv.toString()).load(Path.of(""), printer);
    }
    if (!allowDataOutside) {
      DataPaths.requireInside(file, spec, pipeline.file());
    }
    return pipeline.load(file.toAbsolutePath().getParent(), printer);
  }

  /**
   * {@code --allow-data-outside}: the spec's own data file may lie outside its folder tree ({@link DataPaths}); a
   * {@code --data} file is the user's and never checked.
   */
  CompiledSpec allowDataOutside(boolean allow) {
    this.allowDataOutside = allow;
    return this;
  }

  /** The spec's data section as the generated {@code data()} builds it. */
  DataPipeline pipeline() {
    return spare().dataPipeline();
  }

  /**
   * The inference model {@code <Name>Model.load(checkpoint)}: parameters, evaluation state and preprocessing of a
   * trainer checkpoint. Throws {@code CheckpointException}.
   */
  Model loadModel(Path checkpoint) {
    Class<?> modelClass;
    try {
      modelClass = trainerClass.getClassLoader().loadClass(trainerClass.getName().replaceFirst("Trainer$", "Model"));
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("the generated model class is missing", e);
    }
    try {
      return (Model) modelClass.getMethod("load", Path.class).invoke(null, checkpoint);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime; // CheckpointException and friends reach the command as themselves
      }
      throw new IllegalStateException("the generated model's load failed", e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("the generated model has no public static load(Path)", e);
    }
  }

  /** Rows per step: the batch of the settings (the spec's, or lower with {@code --set batch=N}). */
  int batch() {
    return settings().raw(settings().key("batch")).intValue();
  }

  /** Steps in one epoch over {@code rows} training rows in batches of the settings. */
  long stepsPerEpoch(int rows) {
    return (rows + (long) batch() - 1) / batch();
  }

  /** Whether some schedule duration is in epochs, so the schedule needs the steps per epoch. */
  boolean scheduleNeedsStepsPerEpoch() {
    return spare().needsStepsPerEpoch();
  }

  /** Tells the trainer's schedule how many steps an epoch has (only when it has durations in epochs). */
  void setStepsPerEpoch(Trainer trainer, long steps) {
    trainer.setStepsPerEpoch(steps);
  }

  /** The first group's learning rate at optimizer step {@code step}, as the spec's schedule defines it. */
  double learningRate(Trainer trainer, long step) {
    return trainer.learningRate(step);
  }
}
