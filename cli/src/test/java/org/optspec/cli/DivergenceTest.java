package org.optspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.optspec.runtime.checkpoint.SafeTensors;

/**
 * A run whose loss blows up stops at the step, names what went non-finite (step, epoch, what), keeps the last good
 * checkpoint, writes report.json with stop_reason diverged and exits 1.
 */
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
    assertTrue(r.err().matches("(?s)error: training diverged at step \\d+, epoch \\d+: the (loss|gradient of parameter group 'default' \\(dense0.weight, dense0.bias\\)) is (NaN|infinite).*"),
        r.err());
    long step = Long.parseLong(r.err().replaceAll("(?s).*at step (\\d+),.*", "$1"));
    int epoch = Integer.parseInt(r.err().replaceAll("(?s).*at step \\d+, epoch (\\d+):.*", "$1"));
    assertTrue(step > 12, "diverged after the two good epochs of 6 steps: " + step);
    assertEquals((step + 5) / 6, epoch, "the epoch of step " + step + " (6 steps an epoch)");
    assertTrue(r.err().contains("the last good checkpoint is " + out.resolve("checkpoint.safetensors") + " (epoch "), r.err());
    SafeTensors c = SafeTensors.read(out.resolve("checkpoint.safetensors"));
    assertTrue(c.metadataLong("optspec.epoch") >= 2);
    assertTrue(c.metadataLong("optspec.step") < step);
    double[] w = new double[10];
    c.copy("dense0.weight", w, 0);
    for (double v : w) {
      assertTrue(Double.isFinite(v), "the checkpoint holds finite weights");
    }
    // the report says where, and holds the epochs before it: the checkpoint's
    String json = Files.readString(out.resolve("report.json"));
    Diverged d = Diverged.of(json);
    assertTrue(d.source().equals("the loss") || d.source().startsWith("the gradient of parameter group"), d.source());
    assertEquals(r.err().lines().findFirst().orElseThrow(), "error: training diverged at " + d.detail());
    assertEquals(step, d.step());
    assertEquals(epoch, d.epoch());
    assertEquals(c.metadataLong("optspec.epoch"), epoch - 1, "the checkpoint is of the epoch before");
    assertTrue(json.contains("\"epochs\": " + (epoch - 1) + ","), json);
    assertTrue(json.contains("\"test\": {}"), "no test metrics of a diverged model: " + json);
    assertTrue(r.out().contains("wrote " + out.resolve("report.json") + " (stop_reason diverged)"), r.out());
    assertFalse(Files.exists(out.resolve("loss.png")), "no plot of a failed run");
  }

  /** A diverged report's stop_reason: what turned non-finite, the sentence, the step and the epoch. */
  record Diverged(String source, String detail, long step, int epoch) {
    private static final Pattern STOP_REASON = Pattern.compile("\"stop_reason\": \\{\\s*\"kind\": \"diverged\",\\s*"
        + "\"source\": \"([^\"]*)\",\\s*\"detail\": \"([^\"]*)\",\\s*\"step\": (\\d+),\\s*\"epoch\": (\\d+)\\s*}");

    static Diverged of(String json) {
      Matcher m = STOP_REASON.matcher(json);
      assertTrue(m.find(), "a diverged stop_reason in " + json);
      return new Diverged(m.group(1), m.group(2), Long.parseLong(m.group(3)), Integer.parseInt(m.group(4)));
    }
  }

  @Test
  void withoutOutTheMessageSaysSo(@TempDir Path dir) throws IOException {
    String spec = Files.readString(Cli.DIABETES).replace("sgd(lr: 0.01,", "sgd(lr: 1000000,");
    Files.writeString(dir.resolve("diabetes.optspec"), spec);
    Files.copy(Cli.DIABETES_CSV, dir.resolve("diabetes.csv"));
    Path report = dir.resolve("report.json");
    Cli.Run r = Cli.run("train", dir.resolve("diabetes.optspec").toString(), "--report", report.toString());
    assertEquals(1, r.status());
    assertTrue(r.err().contains("error: training diverged at step "), r.err());
    assertTrue(r.err().contains("no checkpoint: train with --out DIR to keep one per epoch"), r.err());
    // the report holds the epochs before the one that diverged
    String json = Files.readString(report);
    Diverged d = Diverged.of(json);
    assertTrue(r.err().startsWith("error: training diverged at " + d.detail() + "\n"), r.err());
    assertEquals(d.epoch() - 1, json.split("\"train_loss\"").length - 1, json);
  }
}
