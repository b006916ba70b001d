package org.optspec.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.apache.spark.SparkException;
import org.optspec.runtime.checkpoint.SafeTensors;
import org.optspec.runtime.progress.DivergenceException;

/**
 * {@code optspec train --spark local[2]} of a spec that diverges ends as a local run does, whether the non-finite
 * value turns up on the driver or inside an executor's task (a partition's gradient sum, an averaging replica's own
 * steps), where Spark would wrap it in its SparkException: exit 1, "error: training diverged at step N, epoch E: ..."
 * on stderr, report.json with stop_reason diverged, and the last good epoch's checkpoint kept.
 */
class SparkDivergenceTest {


  private static final Pattern STOP_REASON = Pattern.compile("\"stop_reason\": \\{\\s*\"kind\": \"diverged\",\\s*"
      + "\"source\": \"([^\"]*)\",\\s*\"detail\": \"([^\"]*)\",\\s*\"step\": (\\d+),\\s*\"epoch\": (\\d+)\\s*}");

  @BeforeAll
  static void sparkRuns() {
    SparkSupport.assumeSparkRuns();
  }

  /** Jumps 10^300-fold after two epochs: epoch 3's first update makes the weights huge (finite), the next loss NaN. */
  private static final String HUGE = "sgd(lr: 0.05)|step(every: 2 epochs, gamma: 1e300)";

  /**
   * 5e-202 in epoch 1 (nothing learnt), 0.05 in epoch 2, infinite (5e-202 · 1e200²) in epoch 3: its first update
   * makes the weights infinite (NaN where a gradient is 0) after a finite loss.
   */
  private static final String INFINITE = "sgd(lr: 5e-202)|step(every: 1 epochs, gamma: 1e200)";

  /** The three-epoch digits spec on plain SGD (no clipping), {@code rates}' optimizer and schedule. */
  private static Path spec(Path dir, String rates) throws IOException {
    String[] r = rates.split("\\|");
    String spec = Files.readString(Path.of("src", "test", "resources", "org", "optspec", "spark", "digits64_short.optspec"))
        .replace("adamw(lr: 1e-3, betas: (0.9, 0.999), eps: 1e-8, weight_decay: 0.01)", r[0])
        .replace("group biases { weight_decay 0 }", "")
        .replace("warmup(linear, steps: 50) then cosine(steps: 400, min_lr: 1e-5)", r[1])
        .replace("clip global_norm(1.0)", "");
    assertTrue(spec.contains(r[0]) && spec.contains(r[1]) && !spec.contains("clip"), spec);
    Path file = dir.resolve("digits64_short.optspec");
    Files.writeString(file, spec);
    Files.copy(Digits64.DATA.resolve("digits.csv"), dir.resolve("digits.csv"));
    return file;
  }

  /**
   * Sync: the partitions' gradient sums come to the driver, whose update makes the weights huge; the checkpoint
   * saved after it (every step here) is the last good one, and the message names its step, not epoch 2's end.
   */
  @Test
  void syncEndsAsALocalRunDoesAndNamesTheCheckpointsStep(@TempDir Path dir) throws IOException {
    long saved = divergesInEpochThree(dir, HUGE, "sync", "--checkpoint-every", "1");
    assertTrue(saved > 90, "a save during epoch 3 (epoch 2 ends at step 90): " + saved);
  }

  /**
   * Sync: the update makes the weights non-finite; the checkpoint due after it is refused ({@code save} checks the
   * parameters: a divergence at that step) and the file keeps epoch 2's end.
   */
  @Test
  void syncNeverCheckpointsNonFiniteWeights(@TempDir Path dir) throws IOException {
    assertEquals(90, divergesInEpochThree(dir, INFINITE, "sync", "--checkpoint-every", "1"));
  }

  /** Average: a replica's own steps meet the NaN loss inside the executor's task. */
  @Test
  void averageEndsAsALocalRunDoes(@TempDir Path dir) throws IOException {
    divergesInEpochThree(dir, HUGE, "average:4");
  }

  /** Trains with {@code rates} on local[2], checks that it ends as a diverged local run; the checkpoint's step. */
  private static long divergesInEpochThree(Path dir, String rates, String strategy, String... more) throws IOException {
    Path out = dir.resolve("run");
    List<String> args = new ArrayList<>(List.of("train", spec(dir, rates).toString(), "--spark", "local[2]", "--strategy",
        strategy, "--out", out.toString(), "--progress", "lines"));
    args.addAll(List.of(more));
    String[] r = SparkCommandLineTest.run(args.toArray(String[]::new));
    String err = r[2];
    assertEquals("1", r[0], err);
    // Spark's own log lines (WARN ...) may come first
    String first = err.lines().filter(l -> l.startsWith("error: ")).findFirst().orElseThrow();
    assertTrue(first.matches("error: training diverged at step \\d+, epoch 3: .+ is (NaN|infinite|-infinite)"), err);
    assertFalse(err.contains("SparkException") || err.contains("Job aborted"), err);
    assertTrue(err.contains("the last good checkpoint is " + out.resolve("checkpoint.safetensors") + " ("), err);

    String json = Files.readString(out.resolve("report.json"));
    Matcher m = STOP_REASON.matcher(json);
    assertTrue(m.find(), "a diverged stop_reason in " + json);
    assertEquals(first, "error: training diverged at " + m.group(2));
    assertEquals(3, Integer.parseInt(m.group(4)));
    long step = Long.parseLong(m.group(3));
    assertTrue(first.startsWith("error: training diverged at step " + step + ", "), first);
    assertTrue(json.contains("\"epochs\": 2,"), json);
    assertTrue(r[1].contains("wrote " + out.resolve("report.json") + " (stop_reason diverged)"), r[1]);

    SafeTensors c = SafeTensors.read(out.resolve("checkpoint.safetensors"));
    assertEquals(2, c.metadataLong("optspec.epoch"));
    assertTrue(c.metadataLong("optspec.step") < step, "the checkpoint is from before step " + step);
    // the message names the file's step: the end of epoch 2, or a --checkpoint-every save during epoch 3
    long saved = c.metadataLong("optspec.step");
    assertTrue(err.contains("(epoch 2, step " + saved + ")") || err.contains("(step " + saved + ", during epoch 3)"), err);
    for (String tensor : List.of("dense0.weight", "dense1.weight")) {
      double[] w = new double[tensor.equals("dense0.weight") ? 64 * 64 : 64 * 10];
      c.copy(tensor, w, 0);
      for (double v : w) {
        assertTrue(Double.isFinite(v), "the checkpoint holds finite weights: " + tensor + " has " + v);
      }
    }
    return saved;
  }

  /**
   * A sweep trial that diverges inside its Spark task (the other trial's rate stays small) ends the sweep as a local
   * sweep's does: exit 1, the same "a trial diverged: step N: ..." sentence, not "Spark failed: Job aborted".
   */
  @Test
  void aSweepTrialThatDivergesOnSparkEndsAsALocalSweepDoes(@TempDir Path dir) throws IOException {
    String[] args = {"sweep", spec(dir, HUGE).toString(), "--grid", "optimizer.lr=0.05,5e-302", "--metric", "test_loss"};
    String[] local = SparkCommandLineTest.run(args);
    String[] onSpark = SparkCommandLineTest.run(java.util.stream.Stream.concat(java.util.Arrays.stream(args),
        java.util.stream.Stream.of("--spark", "local[2]")).toArray(String[]::new));
    String expected = local[2].lines().filter(l -> l.startsWith("error: ")).findFirst().orElseThrow();
    assertEquals("1", local[0], local[2]);
    assertTrue(expected.matches("error: a trial diverged: step \\d+: the loss is NaN"), expected);
    assertEquals("1", onSpark[0], onSpark[2]);
    assertEquals(expected, onSpark[2].lines().filter(l -> l.startsWith("error: ")).findFirst().orElseThrow(), onSpark[2]);
  }

  /**
   * Tasks that diverged at different steps, the later one first in partition order: the driver throws the earliest
   * step's, so a run reports the same step whichever partition met it first; finite results pass through.
   */
  @Test
  void theDriverThrowsTheEarliestStepsDivergence() {
    DivergenceException late = new DivergenceException(9, "the loss", Double.NaN);
    DivergenceException early = new DivergenceException(7, "the loss", Double.POSITIVE_INFINITY);
    List<Shard.Partial> parts = List.of(new Shard.Partial(0, 32, 1.0, new double[1], null, 0, null),
        Shard.Partial.diverged(1, late, 0), Shard.Partial.diverged(2, early, 0));
    assertSame(early, assertThrows(DivergenceException.class, () -> SparkTrainer.finite(parts)));
    List<Shard.Partial> fine = List.of(new Shard.Partial(0, 32, 1.0, new double[1], null, 0, null));
    assertSame(fine, SparkTrainer.finite(fine));
  }

  /** A divergence some other task threw comes out of Spark's SparkException as itself, not as "Spark failed". */
  @Test
  void aDivergenceInsideASparkExceptionIsThrownAsItself() {
    DivergenceException diverged = new DivergenceException(5, "the loss", Double.NaN);
    SparkException job = new SparkException("Job aborted due to stage failure", diverged);
    // as Scala throws it: a checked exception, undeclared
    assertSame(diverged, assertThrows(DivergenceException.class, () -> SparkTrainer.run(() -> sneaky(job))));
  }

  @SuppressWarnings("unchecked")
  private static <T, E extends Throwable> T sneaky(Throwable e) throws E {
    throw (E) e;
  }
}
