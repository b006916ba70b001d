package org.optspec.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.optspec.grammar.check.Limits;
import org.optspec.runtime.Objective;
import org.optspec.runtime.TrainingListener;

/**
 * A spec exactly at each of the checker's size limits ({@link Limits}) generates Java that javac compiles without a
 * warning (the limits keep the generated methods under the JVM's 64 KB, and its class under the constant-pool
 * limit); one past each is a checker error (the golden diagnostics {@code limit_*}).
 */
class LimitsCompileTest {

  @Test
  void aModelOfTheMostLayersCompiles() {
    List<String> layers = new ArrayList<>();
    while (layers.size() < Limits.MAX_LAYERS - 1) {
      layers.add(switch (layers.size() % 4) {
        case 0 -> "dense(4)";
        case 1 -> "batchnorm";
        case 2 -> "dropout(p: 0.1)";
        default -> "tanh";
      });
    }
    layers.add("dense(2)");
    String spec = "trainer Deep {\n  precision float64\n  seed 1\n  data {\n    source csv(\"d.csv\", target: last)\n"
        + "    features 3\n    classes 2\n  }\n  model {\n    " + String.join("\n    ", layers) + "\n  }\n"
        + "  loss softmax_cross_entropy\n  optimizer adam(lr: 0.01)\n  batch 8\n  epochs 1\n}\n";
    LoadedTrainer t = LoadedTrainer.of(SpecText.trainer(spec));
    assertTrue(t.trainer.parameterCount() > 0);
  }

  @Test
  void aPlateauOfTheLongestPatienceAndCooldownCompilesAndRuns() throws Exception {
    // one past (2147483648) is the golden diagnostics range_plateau_*_int; before the bound, (int) capped it
    String spec = "trainer Patient {\n  precision float64\n  seed 1\n  data {\n    source csv(\"d.csv\", target: last)\n"
        + "    features 64\n    classes 10\n  }\n  model {\n    dense(10)\n  }\n  loss softmax_cross_entropy\n"
        + "  optimizer sgd(lr: 0.1)\n  schedule plateau(patience: " + Limits.MAX_INT_COUNT + ", cooldown: "
        + Limits.MAX_INT_COUNT + ")\n  batch 16\n  epochs 2\n}\n";
    Class<?> type = LoadedTrainer.compile(SpecText.trainer(spec));
    org.optspec.runtime.Trainer trainer = (org.optspec.runtime.Trainer) type.getConstructor().newInstance();
    for (String field : List.of("PLATEAU_PATIENCE", "PLATEAU_COOLDOWN")) {
      // each is a run-time setting (schedule.plateau.patience / .cooldown), a field of the trainer
      java.lang.reflect.Field f = type.getDeclaredField(field);
      f.setAccessible(true);
      assertEquals(Limits.MAX_INT_COUNT, f.getInt(trainer), field);
    }
    trainer.fit(CheckpointResumeTest.digitsLike(64, 1), CheckpointResumeTest.digitsLike(16, 2), TrainingListener.NONE);
    assertTrue(java.util.Arrays.stream(trainer.parameters()).allMatch(Double::isFinite));
  }

  @Test
  void theLongestDurationsInStepsAndInEpochsCompileExactly() throws Exception {
    // one past each is the golden diagnostics range_warmup_steps_huge, range_cosine_epochs_huge; before the bound,
    // warmup(steps: 1e30) became WARMUP_LENGTH = 9223372036854775807L
    String spec = "trainer Long {\n  precision float64\n  seed 1\n  data {\n    source csv(\"d.csv\", target: last)\n"
        + "    features 64\n    classes 10\n  }\n  model {\n    dense(10)\n  }\n  loss softmax_cross_entropy\n"
        + "  optimizer sgd(lr: 0.1)\n  schedule warmup(steps: " + Limits.MAX_DURATION_STEPS + ") then cosine(epochs: "
        + Limits.MAX_EPOCHS + ")\n  batch 16\n  epochs 2\n}\n";
    Class<?> type = LoadedTrainer.compile(SpecText.trainer(spec));
    org.optspec.runtime.Trainer trainer = (org.optspec.runtime.Trainer) type.getConstructor().newInstance();
    java.lang.reflect.Field warmup = type.getDeclaredField("WARMUP_LENGTH");
    warmup.setAccessible(true);
    assertEquals(Limits.MAX_DURATION_STEPS, warmup.getLong(trainer));
    trainer.fit(CheckpointResumeTest.digitsLike(64, 1), CheckpointResumeTest.digitsLike(16, 2), TrainingListener.NONE);
    assertTrue(java.util.Arrays.stream(trainer.parameters()).allMatch(Double::isFinite));
  }

  @Test
  void anObjectiveOfTheMostElementsAndOperatorsCompilesAndRuns() {
    int half = Limits.MAX_OBJECTIVE_ELEMENTS / 2;
    String spec = "objective Big {\n  precision float64\n  const c[" + half + "] = 2\n  params {\n    w[" + (half - 1)
        + "] = 0.5\n    x = 1\n  }\n  minimize sum((w - 1)^2)" + " + x".repeat(996) + " + sum(c)\n"
        + "  optimizer sgd(lr: 0.0001)\n  steps 2\n}\n";
    Objective objective = LoadedObjectives.of("big.optspec", spec);
    objective.minimize(TrainingListener.NONE);
    assertEquals(half, objective.parameters().length);
  }
}
