package org.optspec.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code optspec train --resume} of an early-stopped run ({@code stop when validation_loss stalls}): resumed from the
 * checkpoint of the epoch it stopped after, it stops at once (the rule fires on its first check), exits 0 and reports
 * the stop reason and the restored epoch's losses, not unknown ones; resumed after the best epoch but before the stop, it
 * restores the best epoch of the earlier run. Both end where the uninterrupted run ended, checkpoint byte for byte.
 */
class ResumedEarlyStopTest {

  private static final Pattern STOPPED = Pattern.compile("stopped after epoch (\\d+); restored the best epoch (\\d+)");

  @TempDir
  static Path dir;

  private static Path spec;
  private static Path straight;
  private static int stopEpoch;
  private static int bestEpoch;

  @BeforeAll
  static void trainUninterrupted() throws IOException {
    spec = Files.writeString(dir.resolve("digits.optspec"), KillResumeLoopTest.spec());
    Files.copy(Cli.DIGITS_CSV, dir.resolve("digits.csv"));
    straight = dir.resolve("straight");
    Cli.Run run = Cli.run("train", spec.toString(), "--out", straight.toString(), "--progress", "lines");
    assertEquals(0, run.status(), run.err());
    Matcher m = STOPPED.matcher(run.out());
    assertTrue(m.find(), "the spec stops early and restores its best epoch: " + run.out());
    stopEpoch = Integer.parseInt(m.group(1));
    bestEpoch = Integer.parseInt(m.group(2));
    assertTrue(stopEpoch - bestEpoch >= 2, "a stop at least two epochs after the best one: " + run.out());
  }

  private static double json(Path report, String key) throws IOException {
    Matcher m = Pattern.compile("\"" + key + "\": ([-0-9.eE]+|null|true)").matcher(Files.readString(report));
    assertTrue(m.find(), key + " in " + report);
    return m.group(1).equals("null") ? Double.NaN : m.group(1).equals("true") ? 1 : Double.parseDouble(m.group(1));
  }

  private static void assertReportsTheRestoredEpoch(Cli.Run run, Path out) throws IOException {
    assertEquals(0, run.status(), run.out() + run.err());
    assertTrue(run.out().contains("validation_loss stalled for 4 epochs: stopped after epoch " + stopEpoch
        + "; restored the best epoch " + bestEpoch), run.out());
    assertFalse(run.out().contains("—"), "no unknown figure in the summary: " + run.out());
    assertTrue(run.out().contains("train loss (epoch " + bestEpoch + ", evaluated)"), run.out());
    assertTrue(run.out().contains("validation loss (epoch " + bestEpoch + ")"), run.out());
    Path report = out.resolve("report.json");
    // the restored epoch's validation loss is the one the uninterrupted run reports, exactly
    assertEquals(json(straight.resolve("report.json"), "final_validation_loss"), json(report, "final_validation_loss"), 0);
    assertTrue(Double.isFinite(json(report, "final_loss")), "a finite final_loss in " + report);
    assertEquals(bestEpoch, json(report, "restored_epoch"));
    assertEquals(bestEpoch, json(report, "final_epoch"));
    assertArrayEquals(Files.readAllBytes(straight.resolve(TrainCommand.CHECKPOINT)),
        Files.readAllBytes(out.resolve(TrainCommand.CHECKPOINT)), "the uninterrupted run's last checkpoint");
  }

  @Test
  void resumedFromTheEpochItStoppedAfterStopsAtOnceAndExitsZero() throws IOException {
    Path out = dir.resolve("stopped");
    Files.createDirectories(out);
    Files.copy(straight.resolve(TrainCommand.CHECKPOINT), out.resolve(TrainCommand.CHECKPOINT));
    Cli.Run run = Cli.run("train", spec.toString(), "--out", out.toString(), "--progress", "lines", "--resume",
        out.resolve(TrainCommand.CHECKPOINT).toString());
    assertReportsTheRestoredEpoch(run, out);
    assertTrue(run.out().contains("resuming from " + out.resolve(TrainCommand.CHECKPOINT) + ": epoch " + stopEpoch), run.out());
    assertTrue(run.out().contains("no epoch ran"), run.out());
    assertFalse(run.out().contains("epoch " + (stopEpoch + 1) + "/"), "not one more epoch: " + run.out());
    assertTrue(Files.readString(out.resolve("report.json")).contains("\"history\": []"), "an empty history");
    assertFalse(Files.exists(out.resolve("loss.png")), "no chart of no epochs");
  }

  @Test
  void resumedBetweenTheBestEpochAndTheStopRestoresTheEarlierRunsBestEpoch() throws IOException {
    Path out = dir.resolve("between");
    int interrupted = bestEpoch + 1;
    Cli.Run first = Cli.run("train", spec.toString(), "--out", out.toString(), "--progress", "lines",
        "--epochs", Integer.toString(interrupted));
    assertEquals(0, first.status(), first.err());
    Cli.Run run = Cli.run("train", spec.toString(), "--out", out.toString(), "--progress", "lines", "--print-every", "1",
        "--resume", out.resolve(TrainCommand.CHECKPOINT).toString());
    assertReportsTheRestoredEpoch(run, out);
    assertTrue(run.out().contains("epoch " + stopEpoch + "/"), "trained on to the stop: " + run.out());
    assertFalse(run.out().contains("epoch " + (stopEpoch + 1) + "/"), "and no further: " + run.out());
    assertTrue(Files.exists(out.resolve("loss.png")));
  }
}
