package org.optspec.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.optspec.runtime.StopReason;
import org.optspec.runtime.Trainer;
import org.optspec.runtime.TrainingListener;
import org.optspec.runtime.TrainingReport;
import org.optspec.runtime.checkpoint.CheckpointException;

/**
 * A trainer built with run-time settings S trains bit for bit as the trainer generated from the spec with S written
 * in, for each kind of setting and both precisions; values out of range are refused with the checker's message; a
 * checkpoint records the settings and refuses to resume under others.
 */
class RunTimeSettingsTest {

  /** The spec with each {@code {key}} replaced by its value in {@code values} (else by its default in {@link #DEFAULTS}). */
  private static String spec(String precision, Map<String, String> values) {
    String text = """
        trainer S {
          precision {precision}
          seed {seed}
          data {
            source csv("s.csv", target: last)
            features 64
            classes 10
          }
          model {
            dense(16, init: he)
            relu
            dropout({p})
            dense(10)
          }
          loss softmax_cross_entropy
          regularize l2({l2})
          optimizer adamw(lr: {lr}, betas: (0.9, 0.999), weight_decay: 0.01)
          group biases { weight_decay {bwd} }
          schedule warmup(linear, steps: 5) then cosine(steps: 20, min_lr: {min_lr})
          clip global_norm({max_norm})
          prune magnitude(final_sparsity: {fs}, from: 2 steps, to: 6 steps, every: 2 steps)
          batch {batch}
          epochs {epochs}
        }
        """.replace("{precision}", precision);
    for (Map.Entry<String, String> e : DEFAULTS.entrySet()) {
      text = text.replace("{" + e.getKey() + "}", values.getOrDefault(e.getKey(), e.getValue()));
    }
    return text;
  }

  private static final Map<String, String> DEFAULTS = Map.ofEntries(Map.entry("seed", "3"), Map.entry("p", "0.2"),
      Map.entry("l2", "0.001"), Map.entry("lr", "0.003"), Map.entry("bwd", "0.001"), Map.entry("min_lr", "0.00001"),
      Map.entry("max_norm", "1.0"), Map.entry("epochs", "2"), Map.entry("fs", "0.3"), Map.entry("batch", "16"));

  @ParameterizedTest(name = "{0} = {2} ({1})")
  @CsvSource({
      "lr, float32, 0.01, withLr",
      "lr, float64, 0.01, withLr",
      "bwd, float32, 0.05, withBiasesWeightDecay",
      "bwd, float64, 0.05, withBiasesWeightDecay",
      "min_lr, float32, 0.001, withCosineMinLr",
      "min_lr, float64, 0.001, withCosineMinLr",
      "max_norm, float32, 0.05, withClipMaxNorm",
      "max_norm, float64, 0.05, withClipMaxNorm",
      "l2, float32, 0.05, withL2",
      "l2, float64, 0.05, withL2",
      "p, float32, 0.5, withDropout0P",
      "p, float64, 0.5, withDropout0P",
      "epochs, float32, 3, withEpochs",
      "epochs, float64, 3, withEpochs",
      "seed, float32, 11, withSeed",
      "seed, float64, 11, withSeed",
      "fs, float32, 0.7, withPruneFinalSparsity",
      "fs, float64, 0.7, withPruneFinalSparsity",
      // 64 rows in batches of 7: nine full and a last one of 1 row, so the mean over a partial batch too
      "batch, float32, 7, withBatch",
      "batch, float64, 7, withBatch",
  })
  void aRunTimeSettingTrainsBitForBitAsTheSpecWithItWrittenIn(String key, String precision, String value, String with)
      throws ReflectiveOperationException {
    Class<?> general = LoadedTrainer.compile(SpecText.trainer(spec(precision, Map.of())));
    Class<?> written = LoadedTrainer.compile(SpecText.trainer(spec(precision, Map.of(key, value))));
    Object settings = with(defaults(general), with, value);
    double[] runTime = fit((Trainer) general.getConstructor(settingsType(general)).newInstance(settings));
    double[] compiled = fit((Trainer) written.getConstructor().newInstance());
    double[] spec = fit((Trainer) general.getConstructor().newInstance());
    assertEquals(compiled.length, runTime.length);
    for (int i = 0; i < compiled.length; i++) {
      assertEquals(Double.doubleToRawLongBits(compiled[i]), Double.doubleToRawLongBits(runTime[i]), "parameter " + i);
    }
    assertNotEquals(Arrays.hashCode(spec), Arrays.hashCode(runTime), "the setting changed nothing");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "withBeta2 | 1.2 | adamw beta2 must be in [0, 1), got 1.2",
      "withLr | -0.1 | adamw lr must be > 0, got -0.1",
      "withDropout0P | 1 | dropout p must be in [0, 1), got 1",
      "withEpochs | 0 | epochs must be in [1, 100000000], got 0",
      "withClipMaxNorm | 0 | global_norm max_norm must be > 0, got 0",
      "withCosineMinLr | -1e-5 | cosine min_lr must be >= 0, got -0.00001",
      "withBatch | 17 | batch must be in [1, 16], got 17",
      "withBatch | 0 | batch must be in [1, 16], got 0",
  })
  void aValueOutOfRangeIsRefusedWithTheCheckersMessage(String with, String value, String message) throws Exception {
    Class<?> type = LoadedTrainer.compile(SpecText.trainer(spec("float32", Map.of())));
    Object defaults = defaults(type);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
      try {
        with(defaults, with, value);
      } catch (InvocationTargetException ex) {
        throw ex.getCause();
      }
    });
    assertEquals(message, e.getMessage());
  }

  @Test
  void theReportSaysTheEpochsOfTheSettings() throws Exception {
    Class<?> type = LoadedTrainer.compile(SpecText.trainer(spec("float32", Map.of())));
    Trainer trainer = (Trainer) type.getConstructor(settingsType(type)).newInstance(with(defaults(type), "withEpochs", "3"));
    TrainingReport report = trainer.fit(CheckpointResumeTest.digitsLike(64, 1), null, TrainingListener.NONE);
    assertEquals(3, report.epochs());
    assertTrue(report.stoppedBecause().startsWith("completed 3 epochs"), report.stoppedBecause());
  }

  @Test
  void aValueTheCodeIsShapedByIsNotASetting() throws Exception {
    Class<?> type = LoadedTrainer.compile(SpecText.trainer(spec("float32", Map.of("bwd", "0"))));
    assertThrows(NoSuchMethodException.class, () -> settingsType(type).getMethod("withBiasesWeightDecay", double.class));
    settingsType(type).getMethod("withWeightDecay", double.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"float32", "float64"})
  void aCheckpointRecordsItsSettingsAndRefusesToResumeUnderOthers(String precision, @TempDir Path dir) throws Exception {
    Class<?> type = LoadedTrainer.compile(SpecText.trainer(spec(precision, Map.of())));
    Trainer first = (Trainer) type.getConstructor().newInstance();
    first.fit(CheckpointResumeTest.digitsLike(64, 1), null, TrainingListener.NONE);
    Path checkpoint = dir.resolve("c.safetensors");
    first.save(checkpoint);
    Object moreEpochs = with(defaults(type), "withEpochs", "4");
    ((Trainer) type.getConstructor(settingsType(type)).newInstance(moreEpochs)).load(checkpoint);
    Object otherLr = with(defaults(type), "withLr", "0.01");
    Trainer other = (Trainer) type.getConstructor(settingsType(type)).newInstance(otherLr);
    CheckpointException e = assertThrows(CheckpointException.class, () -> other.load(checkpoint));
    assertTrue(e.getMessage().contains("optimizer.lr was 0.003, is 0.01"), e.getMessage());
    Trainer smallerBatch = (Trainer) type.getConstructor(settingsType(type)).newInstance(with(defaults(type), "withBatch", "8"));
    CheckpointException batch = assertThrows(CheckpointException.class, () -> smallerBatch.load(checkpoint));
    assertTrue(batch.getMessage().contains("batch was 16, is 8"), batch.getMessage());
  }

  /**
   * A schedule in epochs counts the steps of an epoch in the setting's batches: a lowered batch gives the steps per
   * epoch, the learning rates and the parameters of the spec with that batch written in.
   */
  @ParameterizedTest
  @ValueSource(strings = {"float32", "float64"})
  void aLoweredBatchCountsTheStepsOfAnEpochAsTheSpecWithItWrittenIn(String precision) throws Exception {
    String spec = """
        trainer E {
          precision {precision}
          seed 5
          data {
            source csv("e.csv", target: last)
            features 64
            classes 10
          }
          model {
            dense(12)
            tanh
            dense(10)
          }
          loss softmax_cross_entropy
          optimizer sgd(lr: 0.1, momentum: 0.9)
          schedule one_cycle(max_lr: 0.1, over: 3 epochs)
          batch {batch}
          epochs 3
        }
        """.replace("{precision}", precision);
    Class<?> general = LoadedTrainer.compile(SpecText.trainer(spec.replace("{batch}", "32")));
    Class<?> written = LoadedTrainer.compile(SpecText.trainer(spec.replace("{batch}", "10")));
    Trainer runTime = (Trainer) general.getConstructor(settingsType(general)).newInstance(with(defaults(general), "withBatch", "10"));
    Trainer compiled = (Trainer) written.getConstructor().newInstance();
    List<Integer> stepsPerEpoch = new ArrayList<>();
    TrainingListener steps = new TrainingListener() {
      @Override
      public void onEpochStart(int epoch, int stepsInEpoch) {
        stepsPerEpoch.add(stepsInEpoch);
      }
    };
    TrainingReport a = runTime.fit(CheckpointResumeTest.digitsLike(64, 1), CheckpointResumeTest.digitsLike(16, 2), steps);
    TrainingReport b = compiled.fit(CheckpointResumeTest.digitsLike(64, 1), CheckpointResumeTest.digitsLike(16, 2), steps);
    assertEquals(List.of(7, 7, 7, 7, 7, 7), stepsPerEpoch);
    assertEquals(b.steps(), a.steps());
    for (long step = 0; step <= a.steps(); step += 3) {
      assertEquals(compiled.learningRate(step), runTime.learningRate(step), "lr at step " + step);
    }
    assertEquals(b.history().get(2).validationLoss(), a.history().get(2).validationLoss());
    double[] expected = compiled.parameters();
    double[] actual = runTime.parameters();
    for (int i = 0; i < expected.length; i++) {
      assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]), "parameter " + i);
    }
  }

  /** A trainer with early stopping, {@code {patience}} its patience; adamw at lr 0.05 soon overfits 64 rows. */
  private static String stoppingSpec(String precision, String patience) {
    return """
        trainer P {
          precision {precision}
          seed 4
          data {
            source csv("p.csv", target: last)
            split(validation: 0.2, seed: 1)
            features 64
            classes 10
          }
          model {
            dense(32)
            relu
            dense(10)
          }
          loss softmax_cross_entropy
          optimizer adamw(lr: 0.05)
          batch 8
          epochs 30
          stop when validation_loss stalls for {patience} epochs
        }
        """.replace("{precision}", precision).replace("{patience}", patience);
  }

  @ParameterizedTest
  @ValueSource(strings = {"float32", "float64"})
  void thePatienceOfEarlyStoppingIsASettingThatStopsAsTheSpecWithItWrittenIn(String precision) throws Exception {
    Class<?> general = LoadedTrainer.compile(SpecText.trainer(stoppingSpec(precision, "6")));
    Class<?> written = LoadedTrainer.compile(SpecText.trainer(stoppingSpec(precision, "1")));
    Trainer runTime = (Trainer) general.getConstructor(settingsType(general)).newInstance(with(defaults(general), "withPatience", "1"));
    Trainer compiled = (Trainer) written.getConstructor().newInstance();
    Trainer spec = (Trainer) general.getConstructor().newInstance();
    TrainingReport a = runTime.fit(CheckpointResumeTest.digitsLike(64, 1), CheckpointResumeTest.digitsLike(16, 2), TrainingListener.NONE);
    TrainingReport b = compiled.fit(CheckpointResumeTest.digitsLike(64, 1), CheckpointResumeTest.digitsLike(16, 2), TrainingListener.NONE);
    TrainingReport c = spec.fit(CheckpointResumeTest.digitsLike(64, 1), CheckpointResumeTest.digitsLike(16, 2), TrainingListener.NONE);
    assertEquals(StopReason.Kind.EARLY_STOPPED, a.stopReason().kind(), a.stoppedBecause());
    assertEquals(b.stopReason(), a.stopReason());
    assertEquals(b.stoppedBecause(), a.stoppedBecause());
    assertEquals(b.epochs(), a.epochs());
    assertEquals(b.restoredEpoch(), a.restoredEpoch());
    assertTrue(c.epochs() > a.epochs(), "patience 6 trains longer than 1: " + c.stoppedBecause() + " / " + a.stoppedBecause());
    double[] expected = compiled.parameters();
    double[] actual = runTime.parameters();
    for (int i = 0; i < expected.length; i++) {
      assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]), "parameter " + i);
    }
    assertEquals("stop.patience", ((List<?>) settingsType(general).getField("KEYS").get(null)).stream()
        .map(k -> ((org.optspec.runtime.settings.SettingKey) k).key()).filter(k -> k.startsWith("stop")).findFirst().orElseThrow());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "0 | stop patience must be >= 1, got 0",
      "-2 | stop patience must be >= 1, got -2",
  })
  void aPatienceBelowOneIsRefused(String value, String message) throws Exception {
    Class<?> type = LoadedTrainer.compile(SpecText.trainer(stoppingSpec("float32", "6")));
    Object defaults = defaults(type);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
      try {
        with(defaults, "withPatience", value);
      } catch (InvocationTargetException ex) {
        throw ex.getCause();
      }
    });
    assertEquals(message, e.getMessage());
  }

  @Test
  void aPatienceBeyondAnIntIsTheSpecsPatience() throws Exception {
    // CompileFuzzTest's mutant 9432: the lowering's (int) made 2147483648 epochs -2147483648, and the trainer's own
    // settings check threw at construction
    Class<?> type = LoadedTrainer.compile(SpecText.trainer(stoppingSpec("float32", "2147483648")));
    Object defaults = defaults(type);
    assertEquals(2147483648L, defaults.getClass().getMethod("patience").invoke(defaults));
    Trainer trainer = (Trainer) type.getConstructor().newInstance();
    assertEquals(StopReason.Kind.COMPLETED, trainer.fit(CheckpointResumeTest.digitsLike(64, 1),
        CheckpointResumeTest.digitsLike(16, 2), TrainingListener.NONE).stopReason().kind());
  }

  private static double[] fit(Trainer trainer) {
    trainer.fit(CheckpointResumeTest.digitsLike(64, 1), CheckpointResumeTest.digitsLike(16, 2), TrainingListener.NONE);
    return trainer.parameters();
  }

  static Class<?> settingsType(Class<?> trainer) throws ClassNotFoundException {
    return trainer.getClassLoader().loadClass(trainer.getName() + "$Settings");
  }

  static Object defaults(Class<?> trainer) throws ReflectiveOperationException {
    return settingsType(trainer).getMethod("defaults").invoke(null);
  }

  /** {@code settings.withX(value)}, the value parsed as the parameter's type. */
  static Object with(Object settings, String with, String value) throws ReflectiveOperationException {
    for (Method m : settings.getClass().getMethods()) {
      if (m.getName().equals(with)) {
        Class<?> t = m.getParameterTypes()[0];
        Object v;
        if (t == int.class) {
          v = Integer.parseInt(value);
        } else if (t == long.class) {
          v = Long.parseLong(value);
        } else {
          v = Double.parseDouble(value);
        }
        return m.invoke(settings, v);
      }
    }
    throw new AssertionError("no " + with);
  }
}
