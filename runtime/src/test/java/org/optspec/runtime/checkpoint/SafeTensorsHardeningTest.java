package org.optspec.runtime.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkpoint reader trusts nothing in the file: a checksum over the tensor data, bounded JSON nesting, sizes in
 * long arithmetic, the file's kind and size checked before it is read, finite values only (at save and at load).
 */
class SafeTensorsHardeningTest {

  private static SafeTensorsWriter sample() {
    return SafeTensors.writer()
        .metadata(SafeTensors.SPEC, "Tiny")
        .add("dense0.weight", new float[] {1f, 2f, 3f, 4f, 5f, 6f}, 0, 6, 3, 2)
        .add("optimizer.exp_avg", new double[] {0.25, -1e-300, 3}, 0, 3, 3)
        .add("trainer.order", new int[] {2, 0, 1}, 0, 3, 3);
  }

  private static String refusal(Path file) {
    return assertThrows(CheckpointException.class, () -> SafeTensors.read(file)).getMessage();
  }

  @Test
  void everyFlippedBitOfTheTensorDataIsRefusedAsCorrupted(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("c.safetensors");
    sample().write(file);
    byte[] good = Files.readAllBytes(file);
    long header = ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertTrue(new String(good, 8, (int) header, StandardCharsets.UTF_8).contains("\"optspec.data_crc32c\""));
    int flips = 0;
    for (int i = (int) (8 + header); i < good.length; i++) {
      for (int bit = 0; bit < 8; bit += 3) {
        byte[] bad = good.clone();
        bad[i] ^= (byte) (1 << bit);
        Files.write(file, bad);
        String m = refusal(file);
        assertTrue(m.contains("corrupted: the tensor data's CRC32C"), m);
        flips++;
      }
    }
    assertEquals((good.length - 8 - header) * 3, flips);
    Files.write(file, good);
    assertArrayEquals(new int[] {2, 0, 1}, SafeTensors.read(file).ints("trainer.order"));
  }

  @Test
  void deeplyNestedHeaderJsonIsRefusedNotAStackOverflow() {
    String json = "{\"a\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
    String m = assertThrows(CheckpointException.class, () -> SafeTensors.parse("deep", file(json, 0))).getMessage();
    assertTrue(m.contains("nested deeper than 16 levels"), m);
  }

  @Test
  void aShapeWhoseByteCountOverflowsIsRefused() {
    // 2^61 F64 elements are 2^64 bytes, which is 0 in long arithmetic: must not pass as an empty tensor
    String json = "{\"t\":{\"dtype\":\"F64\",\"shape\":[2305843009213693952],\"data_offsets\":[0,0]}}";
    String m = assertThrows(CheckpointException.class, () -> SafeTensors.parse("huge", file(json, 0))).getMessage();
    assertTrue(m.contains("too large to hold"), m);
  }

  @Test
  void specialFilesAreRefusedByKindBeforeReading(@TempDir Path dir) throws IOException {
    assertTrue(refusal(Path.of("/dev/zero")).contains("not a checkpoint file: it is a character device"));
    assertTrue(refusal(dir).contains("not a checkpoint file: it is a directory"));
  }

  @Test
  void aHugeSparseFileIsRefusedBySize(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("sparse.safetensors");
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(3L << 30);
    }
    assertTrue(refusal(file).contains("too large for a checkpoint: 3221225472 bytes"), refusal(file));
  }

  @Test
  void nonFiniteValuesAreRefusedAtSaveAndLeaveThePreviousFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("c.safetensors");
    sample().write(file);
    byte[] before = Files.readAllBytes(file);
    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
      SafeTensorsWriter w = SafeTensors.writer().add("p", new double[] {1, bad}, 0, 2, 2);
      String m = assertThrows(CheckpointException.class, () -> w.write(file)).getMessage();
      assertTrue(m.contains("tensor \"p\" holds " + bad + " at element 1"), m);
    }
    SafeTensorsWriter f = SafeTensors.writer().add("p", new float[] {Float.NaN}, 0, 1, 1);
    assertThrows(CheckpointException.class, () -> f.write(file));
    assertArrayEquals(before, Files.readAllBytes(file));
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count(), "no temporary file left");
    }
  }

  @Test
  void nonFiniteValuesAreRefusedAtLoad() {
    String json = "{\"p\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]}}";
    byte[] bytes = file(json, 16);
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putDouble(bytes.length - 16, 1).putDouble(bytes.length - 8, Double.NaN);
    SafeTensors st = SafeTensors.parse("nan", bytes);
    String m = assertThrows(CheckpointException.class, () -> st.copy("p", new double[2], 0)).getMessage();
    assertTrue(m.contains("holds NaN at element 1; a checkpoint holds finite values only"), m);
  }

  @Test
  void theShuffleOrderMustBeAPermutationAndCountersInRange(@TempDir Path dir) {
    Path file = dir.resolve("c.safetensors");
    for (int[] order : new int[][] {{0, 1, 3}, {0, 2, 2}, {-1, 0, 1}}) {
      SafeTensors.writer().metadata("optspec.epoch", "-1").add("trainer.order", order, 0, 3, 3).write(file);
      SafeTensors st = SafeTensors.read(file);
      String m = assertThrows(CheckpointException.class, () -> st.permutation("trainer.order")).getMessage();
      assertTrue(m.contains(order[2] == 2 ? "holds row 2 twice" : "outside the rows 0..2"), m);
      String e = assertThrows(CheckpointException.class, () -> st.metadataLong("optspec.epoch", 0, 100)).getMessage();
      assertTrue(e.contains("\"optspec.epoch\" is -1, outside [0, 100]"), e);
    }
    SafeTensors.writer().add("trainer.order", new int[] {2, 0, 1}, 0, 3, 3).write(file);
    assertArrayEquals(new int[] {2, 0, 1}, SafeTensors.read(file).permutation("trainer.order"));
  }

  /** A file of this header (padded) and {@code data} zero bytes. */
  private static byte[] file(String json, int data) {
    byte[] header = json.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + header.length + data).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(header.length).put(header);
    return b.array();
  }
}
