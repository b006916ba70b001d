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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code optspec train --out DIR} in a child JVM, killed with SIGKILL ({@code Process.destroyForcibly}) at
 * pseudo-random points after one of its per-epoch checkpoints, resumed into the same directory with
 * {@code --resume DIR/checkpoint.safetensors}, three times, then run to the end: the final checkpoint (parameters,
 * optimizer state, early stopping's best epoch, shuffle order, RNG state) is byte for byte the one an uninterrupted run
 * writes. The spec stops early ({@code stop when validation_loss stalls}) and has dropout, so the stopping state and
 * the RNG must both survive the kills.
 */
class KillResumeLoopTest {

  private static final int KILLS = 3;

  private static String spec() throws IOException {
    return Files.readString(Cli.DIGITS).replace("split(test: 0.2, seed: 7)", "split(test: 0.2, validation: 0.2, seed: 7)")
        .replace("dense(128, init: he)", "dense(384, init: he)")
        .replace("epochs 20", "epochs 60\n  stop when validation_loss stalls for 4 epochs");
  }

  private static Process start(Path dir, Path spec, Path out, boolean resume, Path log) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-D" + TrainerClassCache.DIR_PROPERTY + "=" + dir.resolve("cache"),
        "-XX:TieredStopAtLevel=1", OptSpecCommand.class.getName(), "train", spec.toString(), "--out", out.toString(),
        "--progress", "lines"));
    if (resume) {
      command.addAll(List.of("--resume", out.resolve(TrainCommand.CHECKPOINT).toString()));
    }
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** The checkpoint file's identity (each atomic rewrite is a new file), or null without one. */
  private static Object identity(Path checkpoint) {
    try {
      BasicFileAttributes a = Files.readAttributes(checkpoint, BasicFileAttributes.class);
      return a.fileKey() + "@" + a.lastModifiedTime().toMillis();
    } catch (IOException e) {
      return null;
    }
  }

  @Test
  void killedThreeTimesAndResumedIntoTheSameDirectoryEndsBitIdentical(@TempDir Path dir) throws Exception {
    Path spec = Files.writeString(dir.resolve("digits.optspec"), spec());
    Files.copy(Cli.DIGITS_CSV, dir.resolve("digits.csv"));
    Path straight = dir.resolve("straight");
    Path straightLog = dir.resolve("straight.log");
    Process uninterrupted = start(dir, spec, straight, false, straightLog);
    assertTrue(uninterrupted.waitFor(3, TimeUnit.MINUTES));
    String straightOut = Files.readString(straightLog);
    assertEquals(0, uninterrupted.exitValue(), straightOut);
    assertTrue(straightOut.contains("validation_loss stalled for 4 epochs"), "the spec stops early: " + straightOut);

    Path out = dir.resolve("killed");
    Path checkpoint = out.resolve(TrainCommand.CHECKPOINT);
    Random random = new Random(17);
    int kills = 0;
    for (int attempt = 0; attempt < KILLS; attempt++) {
      Object before = identity(checkpoint);
      Path log = dir.resolve("kill" + attempt + ".log");
      Process p = start(dir, spec, out, before != null, log);
      // wait for a new checkpoint of this process (or its end), then kill it a little later, mid-epoch or mid-save
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (p.isAlive() && java.util.Objects.equals(before, identity(checkpoint)) && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      Thread.sleep(random.nextInt(150));
      if (!p.isAlive()) {
        break; // it finished (early stopping) before the kill
      }
      p.destroyForcibly();
      assertTrue(p.waitFor(1, TimeUnit.MINUTES));
      if (p.exitValue() != 137) {
        assertEquals(0, p.exitValue(), Files.readString(log)); // it finished just before the signal
        break;
      }
      kills++;
    }
    assertTrue(kills >= 2, "at least two runs were killed mid-run, not " + kills);
    System.out.println("KillResumeLoopTest: " + kills + " kills with SIGKILL, then resumed to the end");
    Path last = dir.resolve("last.log");
    Process finish = start(dir, spec, out, Files.exists(checkpoint), last);
    assertTrue(finish.waitFor(3, TimeUnit.MINUTES));
    String lastOut = Files.readString(last);
    // killed after the epoch that stopped it, or after the last one, a resumed run has nothing left to do
    assertTrue(finish.exitValue() == 0 || lastOut.contains("nothing to train"), lastOut);
    assertArrayEquals(Files.readAllBytes(straight.resolve(TrainCommand.CHECKPOINT)), Files.readAllBytes(checkpoint),
        "the killed-and-resumed run's last checkpoint is the uninterrupted run's, byte for byte (" + kills + " kills)");
    try (var files = Files.list(out)) {
      assertEquals(List.of(), files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList(),
          "no temporary file left behind");
    }
  }
}
