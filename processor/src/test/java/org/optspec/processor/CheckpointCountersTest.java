package org.optspec.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.optspec.runtime.Dataset;
import org.optspec.runtime.TrainingListener;
import org.optspec.runtime.checkpoint.CheckpointException;

/**
 * A generated {@code load} range-checks every counter of the file and the counters against each other: step and
 * epoch non-negative, completed epochs only with a shuffle order, at least {@code epoch · ceil(rows / BATCH) /
 * ACCUMULATE} steps for them, early stopping's best epoch not past the epoch, the integer state (plateau counters,
 * pending micro-batches) in range. Each refusal names the file and the key and changes nothing.
 */
class CheckpointCountersTest {

  private static final String SPEC = "trainer Counters {\n precision float64\n seed 4\n data {\n source csv(\"c.csv\")\n"
      + " features 3\n targets 1\n split(test: 0.2, validation: 0.2, seed: 1)\n }\n model {\n dense(4)\n tanh\n dense(1)\n }\n"
      + " loss mse\n optimizer sgd(lr: 0.01)\n schedule plateau(patience: 1)\n batch 8\n accumulate 2\n epochs 5\n"
      + " stop when validation_loss stalls for 2 epochs\n}\n";

  private static Class<?> type;
  private static Dataset train;
  private static Dataset validation;

  @BeforeAll
  static void compile() {
    type = LoadedTrainer.compile(SpecText.trainer(SPEC));
    Random random = new Random(7);
    double[] x = new double[42 * 3];
    double[] y = new double[42];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextGaussian();
    }
    for (int r = 0; r < 42; r++) {
      y[r] = x[r * 3] - x[r * 3 + 1];
    }
    train = new Dataset(x, y, 42, 3, 1);
    validation = new Dataset(x.clone(), y.clone(), 42, 3, 1);
  }

  /** A checkpoint after two epochs of 42 rows: ceil(42 / 8) = 6 micro-batches each, 3 updates each, step 6. */
  private static Path twoEpochs(Path dir) {
    LoadedTrainer t = LoadedTrainer.of(type);
    t.trainer.fit(train, validation, new TrainingListener() {
      @Override
      public void onEpochEnd(EpochSummary summary) {
        if (summary.epoch() == 2) {
          t.trainer.save(dir.resolve("good.safetensors"));
        }
      }
    });
    return dir.resolve("good.safetensors");
  }

  /** The checkpoint with one metadata value replaced (the header's length updated; the data and its CRC stay). */
  static Path withMetadata(Path good, String key, String value, Path to) throws IOException {
    byte[] bytes = Files.readAllBytes(good);
    int length = (int) ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
    String header = new String(bytes, 8, length, StandardCharsets.UTF_8);
    String replaced = header.replaceFirst("\"" + java.util.regex.Pattern.quote(key) + "\":\"[^\"]*\"",
        "\"" + key + "\":\"" + value + "\"");
    assertTrue(!replaced.equals(header) || header.contains("\"" + key + "\":\"" + value + "\""), key + " in " + header);
    byte[] h = replaced.getBytes(StandardCharsets.UTF_8);
    ByteBuffer out = ByteBuffer.allocate(8 + h.length + bytes.length - 8 - length).order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(h.length).put(h).put(bytes, 8 + length, bytes.length - 8 - length);
    return Files.write(to, out.array());
  }

  private static String refusal(Path file) {
    LoadedTrainer fresh = LoadedTrainer.of(type);
    double[] before = fresh.trainer.parameters();
    String m = assertThrows(CheckpointException.class, () -> fresh.trainer.load(file)).getMessage();
    assertArrayEquals(before, fresh.trainer.parameters(), "a refused checkpoint changes nothing");
    assertEquals(0, fresh.trainer.stepCount());
    assertTrue(m.startsWith(file.toString()), m);
    return m;
  }

  @Test
  void theUntouchedCheckpointLoads(@TempDir Path dir) {
    LoadedTrainer t = LoadedTrainer.of(type);
    t.trainer.load(twoEpochs(dir));
    assertEquals(2, t.trainer.epochsCompleted());
    assertEquals(6, t.trainer.stepCount());
  }

  @Test
  void aNegativeStepOrEpochIsRefused(@TempDir Path dir) throws IOException {
    Path good = twoEpochs(dir);
    String m = refusal(withMetadata(good, "optspec.step", "-1", dir.resolve("s.safetensors")));
    assertTrue(m.contains("corrupt metadata: \"optspec.step\" is -1, outside [0, 9223372036854775807]"), m);
    m = refusal(withMetadata(good, "optspec.epoch", "-2", dir.resolve("e.safetensors")));
    assertTrue(m.contains("corrupt metadata: \"optspec.epoch\" is -2, outside [0, 2147483647]"), m);
  }

  @Test
  void fewerStepsThanTheEpochsTakeAreRefused(@TempDir Path dir) throws IOException {
    Path good = twoEpochs(dir);
    String m = refusal(withMetadata(good, "optspec.step", "5", dir.resolve("s.safetensors")));
    assertTrue(m.contains("corrupt metadata: \"optspec.step\" is 5, but 2 epochs of 42 rows in batches of 8 (2 per update)"
        + " take at least 6 steps"), m);
    m = refusal(withMetadata(good, "optspec.epoch", "3", dir.resolve("e.safetensors")));
    assertTrue(m.contains("\"optspec.step\" is 6, but 3 epochs of 42 rows in batches of 8 (2 per update) take at least 9"), m);
  }

  @Test
  void completedEpochsWithoutAShuffleOrderAreRefused(@TempDir Path dir) throws IOException {
    // a trainer stepped outside fit has no order; its checkpoint claiming an epoch is not one fit wrote
    LoadedTrainer t = LoadedTrainer.of(type);
    t.trainer.step(train, new int[] {0, 1, 2, 3, 4, 5, 6, 7}, 0, 8);
    Path stepped = dir.resolve("stepped.safetensors");
    t.trainer.save(stepped);
    LoadedTrainer.of(type).trainer.load(stepped);
    String m = refusal(withMetadata(stepped, "optspec.epoch", "1", dir.resolve("e.safetensors")));
    assertTrue(m.contains("corrupt: \"optspec.epoch\" is 1 but there is no \"trainer.order\""), m);
  }

  @Test
  void theTrainingStatesCountersAreRangeChecked(@TempDir Path dir) throws IOException {
    Path good = twoEpochs(dir);
    String m = refusal(withMetadata(good, "optspec.state.bestEpoch", "3", dir.resolve("b.safetensors")));
    assertTrue(m.contains("corrupt metadata: \"optspec.state.bestEpoch\" is 3, outside [0, 2]"), m);
    m = refusal(withMetadata(good, "optspec.state.microBatches", "2", dir.resolve("m.safetensors")));
    assertTrue(m.contains("corrupt metadata: \"optspec.state.microBatches\" is 2, outside [0, 1]"), m);
    m = refusal(withMetadata(good, "optspec.state.plateauBadEpochs", "-1", dir.resolve("p.safetensors")));
    assertTrue(m.contains("corrupt metadata: \"optspec.state.plateauBadEpochs\" is -1, outside [0, 2147483647]"), m);
  }
}
