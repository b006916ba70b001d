package org.optspec.runtime.checkpoint;

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
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {

  private static SafeTensorsWriter sample() {
    float[] params = {1f, 2f, 3f, 4f, 5f, 6f, -0.5f, Float.MIN_VALUE};
    double[] moments = {0.25, -1e-300, 3};
    int[] order = {2, 0, 1};
    return SafeTensors.writer()
        .metadata(SafeTensors.SPEC, "Tiny")
        .metadata(SafeTensors.SPEC_SHA256, "aa11")
        .metadata("optspec.step", "12")
        .add("dense0.weight", params, 0, 6, 3, 2)
        .add("dense0.bias", params, 6, 2, 2)
        .add("optimizer.exp_avg", moments, 0, 3, 3)
        .add("trainer.order", order, 0, 3, 3);
  }

  @Test
  void writesTheSafetensorsLayoutAndReadsItBack(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("c.safetensors");
    sample().write(file);

    byte[] bytes = Files.readAllBytes(file);
    long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(0, n % 8, "header padded to 8 bytes");
    String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
    assertTrue(header.contains("\"dense0.weight\":{\"dtype\":\"F32\",\"shape\":[3,2],\"data_offsets\":[0,24]}"), header);
    assertEquals(8 + n + 6 * 4 + 2 * 4 + 3 * 8 + 3 * 8, bytes.length);

    SafeTensors st = SafeTensors.read(file);
    assertEquals("12", st.metadata("optspec.step"));
    assertEquals(12, st.metadataLong("optspec.step"));
    float[] p = new float[8];
    st.expect("dense0.weight", DType.F32, 3, 2);
    st.copy("dense0.weight", p, 0);
    st.copy("dense0.bias", p, 6);
    assertArrayEquals(new float[] {1f, 2f, 3f, 4f, 5f, 6f, -0.5f, Float.MIN_VALUE}, p);
    double[] m = new double[3];
    st.copy("optimizer.exp_avg", m, 0);
    assertArrayEquals(new double[] {0.25, -1e-300, 3}, m);
    assertArrayEquals(new int[] {2, 0, 1}, st.ints("trainer.order"));
    st.requireSpec("Tiny", "aa11");
  }

  @Test
  void overwritesAtomicallyAndLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("c.safetensors");
    sample().write(file);
    sample().metadata("optspec.step", "13").write(file);
    assertEquals(13, SafeTensors.read(file).metadataLong("optspec.step"));
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count());
    }
  }

  @Test
  void refusesATruncatedFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("c.safetensors");
    sample().write(file);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 5));
    assertMessage(file, "truncated: the header describes");
    Files.write(file, Arrays.copyOf(bytes, 40));
    assertMessage(file, "truncated: the header needs");
    Files.write(file, Arrays.copyOf(bytes, 3));
    assertMessage(file, "truncated: 3 bytes");
  }

  @Test
  void refusesACorruptHeader(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("c.safetensors");
    sample().write(file);
    byte[] bytes = Files.readAllBytes(file);
    byte[] broken = bytes.clone();
    broken[8] = '[';
    Files.write(file, broken);
    assertMessage(file, "corrupt header");
    byte[] huge = bytes.clone();
    ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, Long.MAX_VALUE);
    Files.write(file, huge);
    assertMessage(file, "corrupt header: its length field");
    String text = new String(bytes, StandardCharsets.ISO_8859_1).replace("[0,24]", "[0,20]");
    Files.write(file, text.getBytes(StandardCharsets.ISO_8859_1));
    assertMessage(file, "do not hold 6 F32 values");
    String dtype = new String(bytes, StandardCharsets.ISO_8859_1).replace("\"F64\"", "\"I32\"");
    Files.write(file, dtype.getBytes(StandardCharsets.ISO_8859_1));
    assertMessage(file, "has dtype I32");
  }

  @Test
  void refusesAWrongDtypeOrShape(@TempDir Path dir) {
    Path file = dir.resolve("c.safetensors");
    sample().write(file);
    SafeTensors st = SafeTensors.read(file);
    assertEquals("tensor \"dense0.weight\" is F32, expected F64",
        after(assertThrows(CheckpointException.class, () -> st.expect("dense0.weight", DType.F64, 3, 2))));
    assertEquals("tensor \"dense0.weight\" has shape [3, 2], expected [2, 3]",
        after(assertThrows(CheckpointException.class, () -> st.expect("dense0.weight", DType.F32, 2, 3))));
    assertEquals("has no tensor \"dense1.weight\"",
        after(assertThrows(CheckpointException.class, () -> st.expect("dense1.weight", DType.F32, 1))));
  }

  @Test
  void refusesACheckpointOfAnotherSpecNamingBoth(@TempDir Path dir) {
    Path file = dir.resolve("c.safetensors");
    sample().write(file);
    SafeTensors st = SafeTensors.read(file);
    String other = assertThrows(CheckpointException.class, () -> st.requireSpec("Digits", "bb22")).getMessage();
    assertTrue(other.contains("a checkpoint of spec Tiny") && other.contains("not of spec Digits"), other);
    String version = assertThrows(CheckpointException.class, () -> st.requireSpec("Tiny", "bb22")).getMessage();
    assertTrue(version.contains("another version of spec Tiny"), version);
  }

  @Test
  void refusesAMissingFile(@TempDir Path dir) {
    assertMessage(dir.resolve("none.safetensors"), "no such checkpoint file");
  }

  private static void assertMessage(Path file, String expected) {
    String m = assertThrows(CheckpointException.class, () -> SafeTensors.read(file)).getMessage();
    assertTrue(m.startsWith(file.toString()) && m.contains(expected), m);
  }

  private static String after(CheckpointException e) {
    return e.getMessage().substring(e.getMessage().indexOf(": ") + 2);
  }
}
