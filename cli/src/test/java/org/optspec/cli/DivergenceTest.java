package org.optspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.optspec.runtime.checkpoint.SafeTensors;

/** A run whose loss blows up stops at the step, names what went non-finite, and keeps the last good checkpoint. */
class DivergenceTest {

  @Test
  void aDivergingRunStopsAndLeavesTheLastGoodCheckpoint(@TempDir Path dir) throws IOException {
    // the learning rate jumps 10^6-fold after two epochs: epoch 3 overflows
    String spec = Files.readString(Cli.DIABETES).replace("schedule step(every: 25 epochs, gamma: 0.5)",
        "schedule step(every: 2 epochs, gamma: 1000000)");
    Files.writeString(dir.resolve("diabetes.optspec"), spec);
    Files.copy(Cli.DIABETES_CSV, dir.resolve("diabetes.csv"));
    Path out = dir.resolve("run");

    Cli.Run r = Cli.run("train", dir.resolve("diabetes.optspec").toString(), "--out", out.toString());

    assertEquals(1, r.status(), r.out());
    assertTrue(r.err().matches("(?s)error: training diverged at step \\d+: the (loss|gradient of parameter group 'default' \\(dense0.weight, dense0.bias\\)) is (NaN|infinite).*"),
        r.err());
    long step = Long.parseLong(r.err().replaceAll("(?s).*at step (\\d+):.*", "$1"));
    assertTrue(step > 12, "diverged after the two good epochs of 6 steps: " + step);
    assertTrue(r.err().contains("the last good checkpoint is " + out.resolve("checkpoint.safetensors") + " (epoch "), r.err());
    SafeTensors c = SafeTensors.read(out.resolve("checkpoint.safetensors"));
    assertTrue(c.metadataLong("optspec.epoch") >= 2);
    assertTrue(c.metadataLong("optspec.step") < step);
    double[] w = new double[10];
    c.copy("dense0.weight", w, 0);
    for (double v : w) {
      assertTrue(Double.isFinite(v), "the checkpoint holds finite weights");
    }
    assertFalse(Files.exists(out.resolve("report.json")), "no report of a failed run");
    assertFalse(Files.exists(out.resolve("loss.png")), "no plot of a failed run");
  }

  @Test
  void withoutOutTheMessageSaysSo(@TempDir Path dir) throws IOException {
    String spec = Files.readString(Cli.DIABETES).replace("sgd(lr: 0.01,", "sgd(lr: 1000000,");
    Files.writeString(dir.resolve("diabetes.optspec"), spec);
    Files.copy(Cli.DIABETES_CSV, dir.resolve("diabetes.csv"));
    Cli.Run r = Cli.run("train", dir.resolve("diabetes.optspec").toString());
    assertEquals(1, r.status());
    assertTrue(r.err().contains("error: training diverged at step "), r.err());
    assertTrue(r.err().contains("no checkpoint: train with --out DIR to keep one per epoch"), r.err());
  }
}
