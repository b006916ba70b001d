package org.optspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A spec whose trainer cannot fit in this JVM's heap stops before anything is allocated, with a located error that
 * states the estimate, the heap and the {@code -Xmx} way out, instead of an {@code OutOfMemoryError}.
 */
class MemoryCheckTest {

  @Test
  void aTrainerBiggerThanTheHeapIsRefusedWithTheEstimateAndTheXmxHint(@TempDir Path dir) throws IOException {
    // 10·40000 + 40000·40000 + 40000 weights, float32, adam: 4 arrays of 1.6e9 floats, about 24 GB
    String spec = Files.readString(Cli.DIABETES).replace("precision float64", "precision float32")
        .replace("dense(1, init: zeros)", "dense(40000)\n    relu\n    dense(40000)\n    relu\n    dense(1)")
        .replace("sgd(lr: 0.01, momentum: 0.9, nesterov: true)", "adam(lr: 0.001)");
    Path file = Files.writeString(dir.resolve("huge.optspec"), spec);
    Files.copy(Cli.DIABETES_CSV, dir.resolve("diabetes.csv"));
    assertEquals(0, Cli.run("check", file.toString()).status(), "the spec itself is valid");

    Cli.Run r = Cli.run("train", file.toString(), "--out", dir.resolve("run").toString());

    assertEquals(1, r.status(), r.out() + r.err());
    String heap = org.optspec.processor.emit.MemoryFootprint.size(Runtime.getRuntime().maxMemory());
    assertTrue(r.err().contains(file + ":2:1: error: training needs about 24 GB, more than this JVM's maximum heap of " + heap
        + ": 24 GB in 4 arrays of 1,600,520,001 float32 parameters"), r.err());
    assertTrue(r.err().contains("give the JVM more heap (OPTSPEC_JAVA_OPTS=-Xmx30g ./optspec ..., or java -Xmx30g -jar"), r.err());
    assertFalse(r.err().contains("OutOfMemoryError"), r.err());
    assertFalse(Files.exists(dir.resolve("run/checkpoint.safetensors")));
  }
}
