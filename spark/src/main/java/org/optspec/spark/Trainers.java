package org.optspec.spark;

import org.optspec.runtime.DataParallelTrainer;

/** Makes a trainer from its class name, on the driver or an executor, with an error that says what is missing. */
final class Trainers {
  private Trainers() {}

  static DataParallelTrainer create(String className) {
    Class<?> type;
    try {
      type = Class.forName(className, true, loader());
    } catch (ClassNotFoundException | NoClassDefFoundError e) {
      throw new TrainerClassMissingException(className, e);
    }
    if (!DataParallelTrainer.class.isAssignableFrom(type)) {
      throw new IllegalArgumentException(className + " is not a DataParallelTrainer: its spec has batchnorm, "
          + "natural_gradient or gradient accumulation, whose batch gradient is not a sum over rows, or it was generated "
          + "by an OptSpec before 0.1");
    }
    try {
      return (DataParallelTrainer) type.getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("cannot construct " + className + ": " + e, e);
    }
  }

  /** The thread's context class loader (local mode: the command line's compiled classes), else this class's. */
  static ClassLoader loader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : Trainers.class.getClassLoader();
  }

  /** An executor (or the driver) without the trainer class: a jar was not shipped. */
  static final class TrainerClassMissingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TrainerClassMissingException(String className, Throwable cause) {
      super("the trainer class " + className + " is not on this JVM's class path: ship its jar to the cluster "
          + "(spark.jars, or --jars)", cause);
    }

    /** The message as an executor's failure carried it to the driver. */
    TrainerClassMissingException(String message) {
      super(message);
    }
  }
}
