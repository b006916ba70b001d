package org.optspec.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConsoleListenerTest {

  @Test
  void printsOneLinePerEpochWithTheTestLossWhenThereIsOne() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ConsoleListener listener = new ConsoleListener(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    listener.onEpochEnd(new TrainingListener.EpochSummary(3, 20, 135, 0.4123454, 0.3987654, 2.78e-3, 0.1));
    listener.onEpochEnd(new TrainingListener.EpochSummary(4, 20, 180, 0.5, Double.NaN, 1e-3, 0.1));
    assertEquals("epoch   3/20  train loss 0.412345  validation loss 0.398765  lr 2.780e-03\n"
        + "epoch   4/20  train loss 0.500000  lr 1.000e-03\n", bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
  }
}
