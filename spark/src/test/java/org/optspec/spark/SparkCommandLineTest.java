package org.optspec.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.optspec.cli.OptSpecCommand;
import org.optspec.runtime.TrainingListener;

/**
 * {@code optspec train SPEC --spark local[2]}: the command line compiles the spec in memory, finds this module's
 * backend through ServiceLoader and trains on Spark with a local run's progress, summary, outputs and resume;
 * {@code optspec sweep SPEC --spark local[2]} runs its trials as Spark tasks, to the local sweep's table.
 */
class SparkCommandLineTest {

  @BeforeAll
  static void sparkRuns() {
    SparkSupport.assumeSparkRuns();
  }

  static String[] run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = OptSpecCommand.run(args);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    String text = captured.toString(StandardCharsets.UTF_8);
    String errors = capturedErr.toString(StandardCharsets.UTF_8);
    System.out.print(text);
    System.err.print(errors);
    return new String[] {Integer.toString(code), text, errors};
  }

  private static Path spec(Path dir) throws IOException {
    Files.copy(Digits64.DATA.resolve("digits.csv"), dir.resolve("digits.csv"));
    Path spec = dir.resolve("digits64_short.optspec");
    Files.copy(Path.of("src", "test", "resources", "org", "optspec", "spark", "digits64_short.optspec"), spec);
    return spec;
  }

  @Test
  void trainsOnSparkAsALocalRunDoesAndResumes(@TempDir Path dir) throws IOException {
    Path spec = spec(dir);
    Path out = dir.resolve("run");
    String[] first = run("train", spec.toString(), "--spark", "local[2]", "--strategy", "sync", "--out", out.toString(),
        "--checkpoint-every", "20", "--progress", "lines");
    assertEquals("0", first[0], first[1]);
    assertTrue(first[1].contains("epoch 3/3"), first[1]);
    assertTrue(first[1].contains("completed 3 epochs on Spark (sync, 2 partitions)"), first[1]);
    assertTrue(Files.isRegularFile(out.resolve("report.json")));
    // the same parameters as one machine, within the synchronous strategy's tolerance
    Digits64ShortTrainer saved = new Digits64ShortTrainer();
    saved.load(out.resolve("checkpoint.safetensors"));
    Digits64ShortTrainer single = new Digits64ShortTrainer();
    single.fit(Digits64ShortTrainer.data().load(Digits64.DATA).train(), null, TrainingListener.NONE);
    assertEquals(135, saved.stepCount());
    assertTrue(SparkTrainerTest.maxDifference(single.parameters(), saved.parameters()) <= SparkTrainerTest.SYNC_TOLERANCE);
  }

  @Test
  void aSweepOnSparkRanksAsTheLocalSweepDoes(@TempDir Path dir) throws IOException {
    Path spec = spec(dir);
    String[] args = {"sweep", spec.toString(), "--grid", "optimizer.lr=1e-3,3e-3", "--set", "epochs=1", "--metric",
        "test_loss"};
    String[] local = run(args);
    assertEquals("0", local[0], local[1]);
    String[] onSpark = run(java.util.stream.Stream.concat(java.util.Arrays.stream(args),
        java.util.stream.Stream.of("--spark", "local[2]")).toArray(String[]::new));
    assertEquals("0", onSpark[0], onSpark[1]);
    assertTrue(onSpark[1].startsWith("Digits64Short: 2 trials, as Spark tasks at local[2], 1 epochs each, seed 42\n"),
        onSpark[1]);
    // after the header: the same table (every trial's test loss, train loss and epochs) and the same best line
    String table = local[1].substring(local[1].indexOf('\n') + 1);
    assertEquals(table, onSpark[1].substring(onSpark[1].indexOf('\n') + 1));
    assertTrue(table.contains("best: --set epochs=1 --set optimizer.lr="), table);
    // the two trials' rows and the best line
    assertEquals(3, table.lines().filter(l -> l.contains("optimizer.lr=")).count(), table);
  }

  @Test
  void anUnreachableMasterIsAClearErrorWithinTheTimeoutNotAHang(@TempDir Path dir) throws IOException {
    Path spec = spec(dir);
    String nobody = "spark://127.0.0.1:" + StandaloneCluster.freePort();
    String expected = "cannot reach the Spark master " + nobody + " within 10 s (127.0.0.1:";
    long start = System.nanoTime();
    String[] train = run("train", spec.toString(), "--spark", nobody);
    double seconds = (System.nanoTime() - start) / 1e9;
    assertEquals("1", train[0], train[2]);
    assertTrue(train[2].contains(expected), train[2]);
    assertTrue(train[2].contains("is it running, and is the URL the one its log prints?"), train[2]);
    // one line of error, no stack trace; the checked master answers at once (refused), within the 10 s at the most
    assertEquals(1, train[2].lines().filter(l -> !l.isBlank()).count(), train[2]);
    assertTrue(seconds < SparkSessions.DEFAULT_TIMEOUT.toSeconds() + 10, "bounded: " + seconds + " s");
    String[] sweep = run("sweep", spec.toString(), "--grid", "optimizer.lr=1e-3,3e-3", "--metric", "test_loss",
        "--spark", nobody);
    assertEquals("1", sweep[0], sweep[2]);
    assertTrue(sweep[2].contains("the sweep on Spark failed: " + expected), sweep[2]);
  }
}
