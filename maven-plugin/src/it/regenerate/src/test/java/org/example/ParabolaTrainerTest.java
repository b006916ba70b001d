package org.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.optspec.runtime.TrainingListener;

/** After every build the compiled trainer is the one of the spec as it is now. */
class ParabolaTrainerTest {

  @Test
  void theTrainerHasTheSpecsCurrentSteps() throws Exception {
    String spec = Files.readString(Path.of("src/main/optspec/org/example/parabola.optspec"));
    Matcher steps = Pattern.compile("steps (\\d+)").matcher(spec);
    assertTrue(steps.find(), spec);
    ParabolaTrainer trainer = new ParabolaTrainer();
    assertEquals(Long.parseLong(steps.group(1)), trainer.steps());
    trainer.minimize(TrainingListener.NONE);
    assertTrue(trainer.loss() < 1e-12, "x^2 at the end: " + trainer.loss());
    Files.writeString(Path.of("target/trainer-steps.txt"), Long.toString(trainer.steps()));
  }
}
