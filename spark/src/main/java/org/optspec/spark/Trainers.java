package org.optspec.spark;

import java.io.Serializable;
import java.lang.reflect.InvocationTargetException;
import org.optspec.runtime.DataParallelTrainer;
import org.optspec.runtime.settings.RecordedSettings;

/** Makes a trainer from its class name, on the driver or an executor, with an error that says what is missing. */
final class Trainers {
  private Trainers() {}

  static DataParallelTrainer create(String className) {
    return create(className, null);
  }

  /**
   * A trainer of that class built with the settings whose text ({@code Settings.toString()}) is {@code settings}, or
   * with the spec's (its no-argument constructor) when that is null.
   */
  static DataParallelTrainer create(String className, String settings) {
    Class<?> type = load(className);
    if (!DataParallelTrainer.class.isAssignableFrom(type)) {
      throw new IllegalArgumentException(className + " is not a DataParallelTrainer: its spec has batchnorm, "
          + "natural_gradient or gradient accumulation, whose batch gradient is not a sum over rows, or it was generated "
          + "by an OptSpec before 0.1");
    }
    return (DataParallelTrainer) construct(type, settings);
  }

  /** The trainer class {@code className} on this JVM (an executor: the jars shipped with the job). */
  static Class<?> load(String className) {
    try {
      return Class.forName(className, true, loader());
    } catch (ClassNotFoundException | NoClassDefFoundError e) {
      throw new TrainerClassMissingException(className, e);
    }
  }

  /**
   * A trainer of class {@code type} built with the settings whose text ({@code Settings.toString()}) is
   * {@code settings} ({@link RecordedSettings#read}: every double exactly), or with the spec's (its no-argument
   * constructor) when that is null: how a replica or a sweep's trial gets the driver's settings on an executor.
   */
  static Object construct(Class<?> type, String settings) {
    String className = type.getName();
    try {
      if (settings == null) {
        return type.getConstructor().newInstance();
      }
      Class<? extends Record> settingsType = Class.forName(className + "$Settings", true, type.getClassLoader())
          .asSubclass(Record.class);
      return type.getConstructor(settingsType).newInstance(RecordedSettings.read(settingsType, settings));
    } catch (InvocationTargetException e) {
      throw new IllegalArgumentException("cannot construct " + className + ": " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("cannot construct " + className + ": " + e, e);
    }
  }

  /**
   * What an executor needs to make a replica of a trainer: its class and the text of its run-time settings (null for a
   * trainer without a {@code settings()} accessor: the spec's), so a replica steps with the driver's settings
   * ({@code --set} values, a lowered batch), not the spec's.
   */
  record Replica(String trainerClass, String settings) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Replicas of {@code driver}, with its settings. */
    static Replica of(DataParallelTrainer driver) {
      try {
        Object settings = driver.getClass().getMethod("settings").invoke(driver);
        return new Replica(driver.getClass().getName(), settings == null ? null : settings.toString());
      } catch (NoSuchMethodException e) {
        return new Replica(driver.getClass().getName(), null);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(driver.getClass().getName() + ".settings() failed", e);
      }
    }

    DataParallelTrainer create() {
      return Trainers.create(trainerClass, settings);
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
