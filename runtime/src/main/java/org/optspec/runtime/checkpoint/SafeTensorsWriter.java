package org.optspec.runtime.checkpoint;


import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.optspec.runtime.JsonText;

/**
 * Collects named tensors (slices of flat arrays) and string metadata, then writes them as one
 * safetensors file: an 8-byte little-endian header length, a JSON header padded with spaces to a
 * multiple of 8, then every tensor's little-endian bytes in the order they were added.
 *
 * <p>{@link #write(Path)} is atomic: the bytes go to a temporary file in the target's directory,
 * are forced to disk, and the file is renamed over the target with {@code ATOMIC_MOVE}, so a reader
 * (or a crash) sees the old checkpoint or the new one, never half of one.
 */
public final class SafeTensorsWriter {
  private static final int CHUNK = 1 << 16;

  private record Entry(String name, DType dtype, long[] shape, Object array, int offset, int length) {}

  private final List<Entry> entries = new ArrayList<>();
  private final Map<String, String> metadata = new LinkedHashMap<>();

  /** A float32 tensor: {@code length} values of {@code data} from {@code offset}, with this shape. */
  public SafeTensorsWriter add(String name, float[] data, int offset, int length, long... shape) {
    return add(new Entry(name, DType.F32, shape.clone(), data, offset, length));
  }

  /** A float64 tensor. */
  public SafeTensorsWriter add(String name, double[] data, int offset, int length, long... shape) {
    return add(new Entry(name, DType.F64, shape.clone(), data, offset, length));
  }

  /** An int64 tensor from {@code int} values (row orders, counters). */
  public SafeTensorsWriter add(String name, int[] data, int offset, int length, long... shape) {
    return add(new Entry(name, DType.I64, shape.clone(), data, offset, length));
  }

  /** One string of metadata ({@code __metadata__} in the header). */
  public SafeTensorsWriter metadata(String key, String value) {
    metadata.put(key, value);
    return this;
  }

  private SafeTensorsWriter add(Entry e) {
    if (e.name().equals("__metadata__") || entries.stream().anyMatch(x -> x.name().equals(e.name()))) {
      throw new IllegalArgumentException("tensor name used twice or reserved: " + e.name());
    }
    if (TensorInfo.elements(e.shape()) != e.length()) {
      throw new IllegalArgumentException(e.name() + ": shape " + java.util.Arrays.toString(e.shape())
          + " does not hold " + e.length() + " values");
    }
    entries.add(e);
    return this;
  }

  /** The header JSON, unpadded. */
  String header() {
    StringBuilder json = new StringBuilder("{");
    if (!metadata.isEmpty()) {
      json.append("\"__metadata__\":{");
      int i = 0;
      for (Map.Entry<String, String> m : metadata.entrySet()) {
        json.append(i++ == 0 ? "" : ",");
        JsonText.quote(m.getKey(), json);
        json.append(':');
        JsonText.quote(m.getValue(), json);
      }
      json.append('}');
    }
    long offset = 0;
    for (Entry e : entries) {
      json.append(json.length() == 1 ? "" : ",");
      JsonText.quote(e.name(), json);
      json.append(":{\"dtype\":\"").append(e.dtype()).append("\",\"shape\":[");
      for (int d = 0; d < e.shape().length; d++) {
        json.append(d == 0 ? "" : ",").append(e.shape()[d]);
      }
      long end = offset + (long) e.length() * e.dtype().bytes();
      json.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
      offset = end;
    }
    return json.append('}').toString();
  }

  /** Writes the file atomically; any failure leaves the previous file at {@code target} untouched. */
  public void write(Path target) {
    Path dir = target.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = dir.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + "." + System.nanoTime() + ".tmp");
      try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
        writeTo(out);
        out.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new CheckpointException(target + ": the file system cannot rename atomically, checkpoint not written", e);
      }
    } catch (IOException e) {
      throw new CheckpointException(target + ": cannot write checkpoint: " + e, e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the temporary file is in the target's directory with a dot name; nothing else to do
        }
      }
    }
  }

  private void writeTo(FileChannel out) throws IOException {
    CRC32C crc = new CRC32C();
    writeData(b -> crc.update(b));
    metadata.put(SafeTensors.DATA_CRC32C, Long.toHexString(crc.getValue()));
    byte[] header = header().getBytes(StandardCharsets.UTF_8);
    int padded = (header.length + 7) / 8 * 8;
    ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    head.putLong(padded).put(header);
    while (head.hasRemaining()) {
      head.put((byte) ' ');
    }
    drain(out, head.flip());
    writeData(b -> drain(out, b));
  }

  private interface Sink {
    void accept(ByteBuffer bytes) throws IOException;
  }

  /** The tensors' bytes in order, a chunk at a time; refuses a NaN or an infinity (a checkpoint must be resumable). */
  private void writeData(Sink sink) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    for (Entry e : entries) {
      for (int i = 0; i < e.length(); i++) {
        if (buf.remaining() < 8) {
          sink.accept(buf.flip());
          buf.clear();
        }
        int k = e.offset() + i;
        switch (e.dtype()) {
          case F32 -> buf.putFloat(finite(e, i, ((float[]) e.array())[k]));
          case F64 -> buf.putDouble(finite(e, i, ((double[]) e.array())[k]));
          case I64 -> buf.putLong(((int[]) e.array())[k]);
        }
      }
    }
    sink.accept(buf.flip());
  }

  private static float finite(Entry e, int index, float value) {
    if (!Float.isFinite(value)) {
      throw nonFinite(e, index, value);
    }
    return value;
  }

  private static double finite(Entry e, int index, double value) {
    if (!Double.isFinite(value)) {
      throw nonFinite(e, index, value);
    }
    return value;
  }

  private static CheckpointException nonFinite(Entry e, int index, double value) {
    return new CheckpointException("checkpoint not written: tensor \"" + e.name() + "\" holds " + value + " at element "
        + index + "; a checkpoint keeps finite values only (the last good checkpoint stays)");
  }

  private static void drain(FileChannel out, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      out.write(b);
    }
  }
}
