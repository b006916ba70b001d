package org.optspec.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import org.optspec.runtime.Model;
import org.optspec.runtime.Trainer;
import org.optspec.runtime.data.DataPipeline;
import org.optspec.runtime.data.Splits;
import org.optspec.spec.TrainerSpec;

/**
 * A trainer spec compiled and loaded in this process: the checked spec (batch, epochs, seed as the
 * trainer has them), its generated class, and how to load its data.
 */
final class CompiledSpec {
  private final Path file;
  private final TrainerSpec spec;
  private final Class<?> trainerClass;

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

  /** A fresh trainer, initialized from the spec's seed. */
  Trainer newTrainer() {
    try {
      return (Trainer) trainerClass.getConstructor().newInstance();
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("the generated trainer's constructor failed", e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot instantiate " + trainerClass.getName(), e);
    }
  }

  /**
   * The spec's data, or {@code csv} with the spec's columns, preprocessing and split when it is not
   * null. The spec's own file is relative to the spec's directory. Throws {@code DataException}.
   */
  Splits loadData(Path csv) {
    DataPipeline pipeline = (DataPipeline) invokeStatic("data");
    if (csv != null) {
      return pipeline.withFile(csv.toString()).load(Path.of(""));
    }
    return pipeline.load(file.toAbsolutePath().getParent());
  }

  /** The spec's data section as the generated {@code data()} builds it. */
  DataPipeline pipeline() {
    return (DataPipeline) invokeStatic("data");
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
      return (Model) invoke(modelClass.getMethod("load", Path.class), null, checkpoint);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("the generated model has no load(Path)", e);
    }
  }

  /** Rows per step. */
  int batch() {
    return spec.batch();
  }

  /** Steps in one epoch over {@code rows} training rows. */
  long stepsPerEpoch(int rows) {
    return (rows + (long) spec.batch() - 1) / spec.batch();
  }

  /** Whether some schedule duration is in epochs, so the schedule needs the steps per epoch. */
  boolean scheduleNeedsStepsPerEpoch() {
    return method("setStepsPerEpoch", long.class) != null;
  }

  /** Tells the trainer's schedule how many steps an epoch has (only when it has durations in epochs). */
  void setStepsPerEpoch(Trainer trainer, long steps) {
    Method m = method("setStepsPerEpoch", long.class);
    if (m != null) {
      invoke(m, trainer, steps);
    }
  }

  /** The first group's learning rate at optimizer step {@code step}, as the spec's schedule defines it. */
  double learningRate(Trainer trainer, long step) {
    return (Double) invoke(method("learningRate", long.class), trainer, step);
  }

  private Method method(String name, Class<?>... parameters) {
    try {
      return trainerClass.getMethod(name, parameters);
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  private Object invokeStatic(String name) {
    Method m = method(name);
    if (m == null) {
      throw new IllegalStateException("the generated trainer has no " + name + "() method");
    }
    return invoke(m, null);
  }

  private static Object invoke(Method m, Object target, Object... args) {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(m.getName() + " failed", e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot call " + m.getName(), e);
    }
  }
}
