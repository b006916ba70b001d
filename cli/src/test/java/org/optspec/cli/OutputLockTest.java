package org.optspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --out DIR} is one run's: a second run is refused with a clear error; a killed run's .tmp files are removed. */
class OutputLockTest {

  @Test
  void aSecondRunOnTheSameOutIsRefused(@TempDir Path dir) throws IOException {
    Path out = Files.createDirectories(dir.resolve("run"));
    try (FileChannel channel = FileChannel.open(out.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held = channel.lock()) {
      Cli.Run r = Cli.run("train", Cli.DIABETES.toString(), "--epochs", "1", "--out", out.toString());
      assertEquals(1, r.status(), r.out());
      assertTrue(r.err().contains(out + " is in use by another optspec run"), r.err());
      assertFalse(Files.exists(out.resolve("checkpoint.safetensors")));
      assertTrue(held.isValid());
    }
    Cli.Run after = Cli.run("train", Cli.DIABETES.toString(), "--epochs", "1", "--out", out.toString());
    assertEquals(0, after.status(), after.err());
    assertTrue(Files.exists(out.resolve("checkpoint.safetensors")));
  }

  @Test
  void temporaryFilesOfAKilledRunAreRemoved(@TempDir Path dir) throws IOException {
    Path out = Files.createDirectories(dir.resolve("run"));
    Path stale = Files.writeString(out.resolve(".checkpoint.safetensors.4242.123456789.tmp"), "half a checkpoint");
    Cli.Run r = Cli.run("train", Cli.DIABETES.toString(), "--epochs", "1", "--out", out.toString());
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("removed 1 temporary file an interrupted run left in " + out), r.out());
    assertFalse(Files.exists(stale));
    try (var files = Files.list(out)) {
      assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")));
    }
  }
}
