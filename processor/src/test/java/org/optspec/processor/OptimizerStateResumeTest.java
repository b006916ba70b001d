package org.optspec.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * State outside the optimizer slots (NAdam's product of μ, ASGD's η and μ, Adafactor's compact row and column factors,
 * Rprop's step sizes, adaptive clipping's running norm, the micro-batches accumulated so far) goes into checkpoints: saved mid-run, loaded into a fresh trainer and continued,
 * the run equals an uninterrupted one bit for bit.
 */
class OptimizerStateResumeTest {

  private static final double[] X = {0.5, -1.0, 2.0, 1.5, 0.3, -0.7, -2.0, 1.0, 0.8, 0.1, 0.9, -1.2, 3.0, -0.4, 0.2};
  private static final double[] Y = {2.0, -1.0, 0.5, 4.0, -3.0, 1.0, 2.5, 0.0, -1.5, 1.0};

  private static void steps(LoadedTrainer t, int from, int to) {
    for (int k = from; k < to; k++) {
      int row = k % 4;
      t.step(Arrays.copyOfRange(X, row * 3, row * 3 + 6), Arrays.copyOfRange(Y, row * 2, row * 2 + 4), 2);
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', value = {
      "nadam(lr: 0.01)|clip adaptive(factor: 1.2, beta: 0.5)",
      "asgd(lr: 0.05, t0: 2)|accumulate 3",
      "adagrad(lr: 0.1)|accumulate 2",
      "adafactor(weight_decay: 0.1, maximize: true)|group biases { lr_scale 0.5 }",
      "rprop(lr: 0.01)|group biases { lr_scale 0.5 }",
      "radam(lr: 0.01, weight_decay: 0.1)|group biases { lr_scale 0.5 }"})
  void aCheckpointCarriesEveryStateOfTheUpdate(String optimizer, String extra, @TempDir Path dir) throws IOException {
    Class<?> type = LoadedTrainer.compile(OptimizerTrajectoryTest.spec(optimizer, extra.replace("\\n", "\n")));
    LoadedTrainer first = LoadedTrainer.of(type);
    steps(first, 0, 7);
    Path checkpoint = dir.resolve("mid.safetensors");
    first.trainer.save(checkpoint);
    LoadedTrainer resumed = LoadedTrainer.of(type);
    resumed.trainer.load(checkpoint);
    steps(resumed, 7, 20);
    LoadedTrainer straight = LoadedTrainer.of(type);
    steps(straight, 0, 20);
    double[] expected = straight.trainer.parameters();
    double[] actual = resumed.trainer.parameters();
    for (int i = 0; i < expected.length; i++) {
      assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]), "parameter " + i);
    }
    Path a = dir.resolve("straight.safetensors");
    Path b = dir.resolve("resumed.safetensors");
    straight.trainer.save(a);
    resumed.trainer.save(b);
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
  }

  /** Adafactor's state is torch's: row_var [rows, 1] and col_var [1, cols] for a matrix, variance for a vector. */
  @org.junit.jupiter.api.Test
  void adafactorCheckpointsTorchsCompactState(@TempDir Path dir) throws IOException {
    LoadedTrainer t = LoadedTrainer.of(LoadedTrainer.compile(OptimizerTrajectoryTest.spec("adafactor", "")));
    steps(t, 0, 3);
    Path checkpoint = dir.resolve("adafactor.safetensors");
    t.trainer.save(checkpoint);
    java.util.Map<String, org.optspec.runtime.checkpoint.TensorInfo> tensors =
        org.optspec.runtime.checkpoint.SafeTensors.read(checkpoint).tensors();
    assertArrayEquals(new long[] {4, 1}, tensors.get("optimizer.row_var.dense0.weight").shape());
    assertArrayEquals(new long[] {1, 3}, tensors.get("optimizer.col_var.dense0.weight").shape());
    assertArrayEquals(new long[] {4}, tensors.get("optimizer.variance.dense0.bias").shape());
    assertArrayEquals(new long[] {2, 1}, tensors.get("optimizer.row_var.dense1.weight").shape());
    assertArrayEquals(new long[] {1, 4}, tensors.get("optimizer.col_var.dense1.weight").shape());
    assertArrayEquals(new long[] {2}, tensors.get("optimizer.variance.dense1.bias").shape());
    assertEquals(java.util.Set.of("optimizer.row_var.dense0.weight", "optimizer.col_var.dense0.weight",
            "optimizer.variance.dense0.bias", "optimizer.row_var.dense1.weight", "optimizer.col_var.dense1.weight",
            "optimizer.variance.dense1.bias"),
        tensors.keySet().stream().filter(n -> n.startsWith("optimizer.")).collect(java.util.stream.Collectors.toSet()));
  }
}
