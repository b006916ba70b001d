package org.optspec.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.optspec.runtime.checkpoint.DType;
import org.optspec.runtime.checkpoint.SafeTensors;

/** {@code train --out} checkpoints and {@code train --resume}: bit-identical continuation and clear refusals. */
class CheckpointCommandTest {

  @Test
  void anInterruptedRunResumedEndsBitIdenticalToAnUninterruptedOne(@TempDir Path dir) throws IOException {
    Path first = dir.resolve("first");
    Path resumed = dir.resolve("resumed");
    Path straight = dir.resolve("straight");
    assertEquals(0, Cli.run("train", Cli.DIGITS.toString(), "--epochs", "2", "--out", first.toString()).status());
    Cli.Run r = Cli.run("train", Cli.DIGITS.toString(), "--epochs", "4", "--resume", first.resolve("checkpoint.safetensors").toString(),
        "--out", resumed.toString());
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("resuming from " + first.resolve("checkpoint.safetensors") + ": epoch 2, step 90"), r.out());
    assertEquals(2, r.out().lines().filter(l -> l.startsWith("epoch ")).count(), "epochs 3 and 4 only:\n" + r.out());
    assertEquals(0, Cli.run("train", Cli.DIGITS.toString(), "--epochs", "4", "--out", straight.toString()).status());

    SafeTensors a = SafeTensors.read(resumed.resolve("checkpoint.safetensors"));
    SafeTensors b = SafeTensors.read(straight.resolve("checkpoint.safetensors"));
    assertEquals(b.tensors().keySet(), a.tensors().keySet());
    for (String name : b.tensors().keySet()) {
      if (name.equals("trainer.order")) {
        assertArrayEquals(b.ints(name), a.ints(name));
        continue;
      }
      int n = (int) b.tensors().get(name).elements();
      float[] x = new float[n];
      float[] y = new float[n];
      a.copy(name, x, 0);
      b.copy(name, y, 0);
      for (int i = 0; i < n; i++) {
        assertEquals(Float.floatToRawIntBits(y[i]), Float.floatToRawIntBits(x[i]), name + "[" + i + "]");
      }
    }
    assertEquals(b.metadata(), a.metadata());
    assertArrayEquals(Files.readAllBytes(straight.resolve("checkpoint.safetensors")), Files.readAllBytes(resumed.resolve("checkpoint.safetensors")));
  }

  @Test
  void theCheckpointHoldsNamedPyTorchShapedTensorsAndTheTrainingState(@TempDir Path dir) {
    Path out = dir.resolve("run");
    assertEquals(0, Cli.run("train", Cli.DIGITS.toString(), "--epochs", "1", "--out", out.toString()).status());
    SafeTensors c = SafeTensors.read(out.resolve("checkpoint.safetensors"));
    c.expect("dense0.weight", DType.F32, 128, 64);
    c.expect("dense0.bias", DType.F32, 128);
    c.expect("dense1.weight", DType.F32, 10, 128);
    c.expect("optimizer.exp_avg.dense0.weight", DType.F32, 128, 64);
    c.expect("optimizer.exp_avg_sq.dense1.bias", DType.F32, 10);
    c.expect("trainer.order", DType.I64, 1438);
    assertEquals("DigitsClassifier", c.metadata(SafeTensors.SPEC));
    assertEquals(64, c.metadata(SafeTensors.SPEC_SHA256).length());
    assertEquals(45, c.metadataLong("optspec.step"));
    assertEquals(1, c.metadataLong("optspec.epoch"));
    c.metadataLong("optspec.rng_state");
  }

  @Test
  void aCheckpointOfAnotherSpecIsRefusedNamingBoth(@TempDir Path dir) {
    Path out = dir.resolve("diabetes");
    assertEquals(0, Cli.run("train", Cli.DIABETES.toString(), "--epochs", "1", "--out", out.toString()).status());
    Path digitsOut = dir.resolve("digits");
    Cli.Run r = Cli.run("train", Cli.DIGITS.toString(), "--resume", out.resolve("checkpoint.safetensors").toString(), "--out",
        digitsOut.toString());
    assertEquals(1, r.status());
    assertTrue(r.err().contains("a checkpoint of spec DiabetesRegression"), r.err());
    assertTrue(r.err().contains("not of spec DigitsClassifier"), r.err());
    assertFalse(Files.exists(digitsOut));
  }

  @Test
  void aTruncatedOrCorruptCheckpointIsRefused(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("run");
    assertEquals(0, Cli.run("train", Cli.DIABETES.toString(), "--epochs", "1", "--out", out.toString()).status());
    byte[] bytes = Files.readAllBytes(out.resolve("checkpoint.safetensors"));
    Path truncated = dir.resolve("truncated.safetensors");
    Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 8));
    Cli.Run t = Cli.run("train", Cli.DIABETES.toString(), "--resume", truncated.toString());
    assertEquals(1, t.status());
    assertTrue(t.err().contains(truncated + ": truncated"), t.err());

    Path corrupt = dir.resolve("corrupt.safetensors");
    byte[] broken = bytes.clone();
    broken[9] = '!';
    Files.write(corrupt, broken);
    Cli.Run c = Cli.run("train", Cli.DIABETES.toString(), "--resume", corrupt.toString());
    assertEquals(1, c.status());
    assertTrue(c.err().contains(corrupt + ": corrupt header"), c.err());

    Cli.Run missing = Cli.run("train", Cli.DIABETES.toString(), "--resume", dir.resolve("none.safetensors").toString());
    assertEquals(1, missing.status());
    assertTrue(missing.err().contains("no such checkpoint file"), missing.err());
  }

  @Test
  void aFinishedCheckpointHasNothingLeftToTrain(@TempDir Path dir) {
    Path out = dir.resolve("run");
    assertEquals(0, Cli.run("train", Cli.DIABETES.toString(), "--epochs", "2", "--out", out.toString()).status());
    Cli.Run r = Cli.run("train", Cli.DIABETES.toString(), "--epochs", "2", "--resume", out.resolve("checkpoint.safetensors").toString());
    assertEquals(1, r.status());
    assertTrue(r.err().contains("nothing to train") && r.err().contains("has completed 2 of 2 epochs"), r.err());
  }

  @Test
  void resumingOnOtherDataIsRefused(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("run");
    assertEquals(0, Cli.run("train", Cli.DIABETES.toString(), "--epochs", "1", "--out", out.toString()).status());
    var rows = Files.readAllLines(Cli.DIABETES_CSV);
    Path fewer = dir.resolve("fewer.csv");
    Files.write(fewer, rows.subList(0, 300));
    Cli.Run r = Cli.run("train", Cli.DIABETES.toString(), "--epochs", "3", "--data", fewer.toString(), "--resume",
        out.resolve("checkpoint.safetensors").toString());
    assertEquals(1, r.status());
    // the rows were standardized with their own statistics, not the checkpoint's: refused before anything else
    assertTrue(r.err().contains("preprocessed with other statistics than this model's"), r.err());
    assertTrue(r.err().contains("resume on the data the checkpoint was trained on"), r.err());
  }
}
