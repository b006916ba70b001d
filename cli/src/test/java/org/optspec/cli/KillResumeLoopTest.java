package org.optspec.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.optspec.runtime.checkpoint.SafeTensors;

/**
 * {@code optspec train --out DIR} in a child JVM, killed with SIGKILL ({@code Process.destroyForcibly}), resumed into
 * the same directory with {@code --resume DIR/checkpoint.safetensors}, then run to the end: the final checkpoint
 * (parameters, optimizer state, early stopping's best epoch and copies, shuffle order, RNG state) is byte for byte the
 * one an uninterrupted run writes. The spec stops early ({@code stop when validation_loss stalls for 4 epochs}; the
 * uninterrupted run's best epoch B and stop epoch S are read from its output) and has dropout. The kills land after the
 * best epoch, where resuming needs early stopping's state: the first once the checkpoint holds epoch B+1, the second at
 * S-1 (a resumed run that restarted its patience window would stop later, at another epoch, and restore another one),
 * the third at S, the epoch it stops after, so the last run resumes from the stop point and stops at once, exit 0.
 */
class KillResumeLoopTest {

  private static final Pattern STOPPED = Pattern.compile("stopped after epoch (\\d+); restored the best epoch (\\d+)");
  private static final Pattern RESUMED = Pattern.compile("resuming from .*: epoch (\\d+), step");

  /** Digits with a validation split and early stopping: best epoch 12, stopped after 16 (of 60). */
  static String spec() throws IOException {
    return Files.readString(Cli.DIGITS).replace("split(test: 0.2, seed: 7)", "split(test: 0.2, validation: 0.2, seed: 7)")
        .replace("dense(128, init: he)", "dense(384, init: he)")
        .replace("epochs 20", "epochs 60\n  stop when validation_loss stalls for 4 epochs");
  }

  private static Process start(Path dir, Path spec, Path out, boolean resume, Path log) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-D" + TrainerClassCache.DIR_PROPERTY + "=" + dir.resolve("cache"),
        "-XX:TieredStopAtLevel=1", OptSpecCommand.class.getName(), "train", spec.toString(), "--out", out.toString(),
        "--progress", "lines", "--print-every", "1"));
    if (resume) {
      command.addAll(List.of("--resume", out.resolve(TrainCommand.CHECKPOINT).toString()));
    }
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** The checkpoint file's identity (each atomic rewrite is a new file), or null without one. */
  private static Object identity(Path checkpoint) {
    try {
      BasicFileAttributes a = Files.readAttributes(checkpoint, BasicFileAttributes.class);
      return a.fileKey() + "@" + a.lastModifiedTime().toMillis() + "@" + a.size();
    } catch (IOException e) {
      return null;
    }
  }

  /** The epoch the checkpoint holds (0 without one). */
  private static int epoch(Path checkpoint) {
    if (!Files.exists(checkpoint)) {
      return 0;
    }
    return Integer.parseInt(SafeTensors.read(checkpoint).metadata().get("optspec.epoch"));
  }

  @Test
  void killedAfterTheBestEpochAndResumedIntoTheSameDirectoryEndsBitIdentical(@TempDir Path dir) throws Exception {
    Path spec = Files.writeString(dir.resolve("digits.optspec"), spec());
    Files.copy(Cli.DIGITS_CSV, dir.resolve("digits.csv"));
    Path straight = dir.resolve("straight");
    Path straightLog = dir.resolve("straight.log");
    Process uninterrupted = start(dir, spec, straight, false, straightLog);
    assertTrue(uninterrupted.waitFor(3, TimeUnit.MINUTES));
    String straightOut = Files.readString(straightLog);
    assertEquals(0, uninterrupted.exitValue(), straightOut);
    Matcher stopped = STOPPED.matcher(straightOut);
    assertTrue(stopped.find(), "the spec stops early and restores its best epoch: " + straightOut);
    int stop = Integer.parseInt(stopped.group(1));
    int best = Integer.parseInt(stopped.group(2));
    assertEquals(best + 4, stop, straightOut);
    int[] targets = {best + 1, stop - 1, stop};

    Path out = dir.resolve("killed");
    Path checkpoint = out.resolve(TrainCommand.CHECKPOINT);
    Random random = new Random(17);
    List<Integer> resumedAt = new ArrayList<>();
    int kills = 0;
    List<Integer> behind = new ArrayList<>();
    for (int target : targets) {
      boolean resume = Files.exists(checkpoint);
      if (epoch(checkpoint) >= target) {
        behind.add(target); // the last kill landed an epoch or more late (a fast machine): this target is behind us
        continue;
      }
      Path log = dir.resolve("kill" + target + ".log");
      Process p = start(dir, spec, out, resume, log);
      // wait until this run has written a checkpoint that holds the target epoch (or the run ends), then kill it a
      // little later: mid-epoch, mid-save, or (at the stop epoch) while it evaluates and writes its report. The file
      // the run resumed from does not count: killed before it said where it resumed, the run would prove nothing.
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      Object seen = identity(checkpoint);
      while (p.isAlive() && System.nanoTime() < deadline) {
        Object now = identity(checkpoint);
        if (now != null && !now.equals(seen)) {
          seen = now;
          if (epoch(checkpoint) >= target) {
            break;
          }
        }
        Thread.sleep(2);
      }
      // less than an epoch of this spec (about 50 ms in a C1-only child JVM), so the next target is still ahead
      Thread.sleep(random.nextInt(40));
      p.destroyForcibly();
      assertTrue(p.waitFor(1, TimeUnit.MINUTES));
      String text = Files.readString(log);
      if (resume) {
        Matcher m = RESUMED.matcher(text);
        assertTrue(m.find(), text);
        resumedAt.add(Integer.parseInt(m.group(1)));
      }
      if (p.exitValue() != 137) {
        assertEquals(0, p.exitValue(), text); // it finished (stopped early) just before the signal
        assertEquals(stop, target, "only the run that reaches the stop epoch may finish: " + text);
        continue;
      }
      kills++;
    }
    assertTrue(kills >= 2, "at least two runs were killed mid-run, not " + kills);
    assertTrue(resumedAt.stream().anyMatch(e -> e > best && e < stop),
        "a run resumed between the best epoch " + best + " and the stop " + stop + ": " + resumedAt);
    Path last = dir.resolve("last.log");
    Process finish = start(dir, spec, out, true, last);
    assertTrue(finish.waitFor(3, TimeUnit.MINUTES));
    String lastOut = Files.readString(last);
    assertEquals(0, finish.exitValue(), lastOut);
    Matcher m = RESUMED.matcher(lastOut);
    assertTrue(m.find(), lastOut);
    resumedAt.add(Integer.parseInt(m.group(1)));
    assertEquals(stop, resumedAt.get(resumedAt.size() - 1), "the last run resumed at the stop epoch: " + lastOut);
    assertTrue(lastOut.contains("stopped after epoch " + stop + "; restored the best epoch " + best), lastOut);
    System.out.println("KillResumeLoopTest: best epoch " + best + ", stopped after " + stop + "; " + kills
        + " kills with SIGKILL; resumed at epochs " + resumedAt + "; targets already passed " + behind);
    assertArrayEquals(Files.readAllBytes(straight.resolve(TrainCommand.CHECKPOINT)), Files.readAllBytes(checkpoint),
        "the killed-and-resumed run's last checkpoint is the uninterrupted run's, byte for byte (resumed at " + resumedAt + ")");
    try (var files = Files.list(out)) {
      assertEquals(List.of(), files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList(),
          "no temporary file left behind");
    }
  }
}
