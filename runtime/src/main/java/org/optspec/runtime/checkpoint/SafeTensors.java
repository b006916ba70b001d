package org.optspec.runtime.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * A safetensors file, read and checked whole: {@link #read(Path)} refuses a truncated file, a corrupt
 * header, an unknown dtype, offsets that overlap, leave gaps or run past the end; every refusal is a
 * {@link CheckpointException} naming the file and the reason. Then {@link #expect} checks a tensor's
 * dtype and shape and {@code copy} moves its values into a flat array.
 *
 * <p>The format (huggingface/safetensors): 8 bytes little-endian header length N, N bytes of JSON
 * {@code {"name": {"dtype": "F32", "shape": [out, in], "data_offsets": [begin, end]}, "__metadata__":
 * {"key": "value"}}}, then the tensors' little-endian bytes; offsets count from the end of the header.
 */
public final class SafeTensors {
  /** Headers larger than this are refused as corrupt (safetensors itself caps at 100 MB). */
  static final long MAX_HEADER = 100L << 20;

  /** Metadata keys a trainer checkpoint carries. */
  public static final String SPEC = "optspec.spec";
  public static final String SPEC_SHA256 = "optspec.spec_sha256";
  /** The CRC32C of the tensor data (everything after the header), in hex: {@link SafeTensorsWriter} writes it. */
  public static final String DATA_CRC32C = "optspec.data_crc32c";

  private final String file;
  private final Map<String, TensorInfo> tensors;
  private final Map<String, String> metadata;
  private final ByteBuffer data;

  private SafeTensors(String file, Map<String, TensorInfo> tensors, Map<String, String> metadata, ByteBuffer data) {
    this.file = file;
    this.tensors = tensors;
    this.metadata = metadata;
    this.data = data;
  }

  /** A writer for a new file. */
  public static SafeTensorsWriter writer() {
    return new SafeTensorsWriter();
  }

  /**
   * Reads and checks the whole file. Before reading more than the header it refuses what is not a regular file
   * ({@code /dev/zero}, a FIFO, a directory), a file larger than one array can hold, and a file whose size is not what
   * its header describes (a huge sparse file with a small header), so a hostile path cannot exhaust the heap.
   */
  public static SafeTensors read(Path path) {
    try {
      if (!Files.exists(path)) {
        throw new CheckpointException(path + ": no such checkpoint file");
      }
      if (!Files.isRegularFile(path)) {
        throw new CheckpointException(path + ": not a checkpoint file: it is " + kind(path));
      }
      long size = Files.size(path);
      if (size > MAX_FILE) {
        throw new CheckpointException(path + ": too large for a checkpoint: " + size + " bytes (at most " + MAX_FILE + ")");
      }
      long heap = Runtime.getRuntime().maxMemory();
      if (size > heap / 2) {
        throw new CheckpointException(path + ": " + size + " bytes, more than half of this JVM's heap (" + heap
            + " bytes): run with a larger -Xmx to load it");
      }
      try (var in = Files.newByteChannel(path)) {
        ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        while (length.hasRemaining() && in.read(length) >= 0) {
          // read the 8-byte header length
        }
        if (!length.hasRemaining()) {
          long headerLength = length.getLong(0);
          if (headerLength < 2 || headerLength > MAX_HEADER || headerLength > size - 8) {
            return parse(path.toString(), length.array());
          }
        }
      }
      return parse(path.toString(), Files.readAllBytes(path));
    } catch (NoSuchFileException e) {
      throw new CheckpointException(path + ": no such checkpoint file");
    } catch (IOException e) {
      throw new CheckpointException(path + ": cannot read checkpoint: " + e, e);
    }
  }

  /** A byte[] holds at most this many bytes. */
  static final long MAX_FILE = Integer.MAX_VALUE - 8;

  private static String kind(Path path) {
    return org.optspec.runtime.io.FileKind.of(path);
  }

  /** Checks {@code bytes} as a safetensors file; {@code file} names it in messages. */
  public static SafeTensors parse(String file, byte[] bytes) {
    if (bytes.length < 8) {
      throw new CheckpointException(file + ": truncated: " + bytes.length + " bytes, not even the 8-byte header length");
    }
    ByteBuffer all = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long headerLength = all.getLong(0);
    if (headerLength < 2 || headerLength > MAX_HEADER) {
      throw new CheckpointException(file + ": corrupt header: its length field says " + headerLength + " bytes");
    }
    if (headerLength > bytes.length - 8L) {
      throw new CheckpointException(file + ": truncated: the header needs " + headerLength + " bytes, the file has "
          + (bytes.length - 8) + " after the length field");
    }
    String json;
    try {
      json = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, 8, (int) headerLength)).toString();
    } catch (CharacterCodingException e) {
      throw new CheckpointException(file + ": corrupt header: not UTF-8");
    }
    Object root;
    try {
      root = HeaderJson.parse(json);
    } catch (IllegalArgumentException e) {
      throw new CheckpointException(file + ": corrupt header: " + e.getMessage());
    }
    if (!(root instanceof Map<?, ?> header)) {
      throw new CheckpointException(file + ": corrupt header: not a JSON object");
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    Map<String, TensorInfo> tensors = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : header.entrySet()) {
      String name = (String) e.getKey();
      if (name.equals("__metadata__")) {
        readMetadata(file, e.getValue(), metadata);
      } else {
        tensors.put(name, tensorInfo(file, name, e.getValue()));
      }
    }
    long dataBytes = bytes.length - 8 - headerLength;
    checkCoverage(file, tensors.values(), dataBytes);
    ByteBuffer data = ByteBuffer.wrap(bytes, (int) (8 + headerLength), (int) dataBytes).slice().order(ByteOrder.LITTLE_ENDIAN);
    String written = metadata.get(DATA_CRC32C);
    if (written != null) {
      CRC32C crc = new CRC32C();
      crc.update(data.duplicate());
      String actual = Long.toHexString(crc.getValue());
      if (!actual.equals(written)) {
        throw new CheckpointException(file + ": corrupted: the tensor data's CRC32C is " + actual
            + ", the metadata says " + written);
      }
    }
    return new SafeTensors(file, Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata), data);
  }

  private static void readMetadata(String file, Object value, Map<String, String> into) {
    if (!(value instanceof Map<?, ?> map)) {
      throw new CheckpointException(file + ": corrupt header: __metadata__ is not an object");
    }
    for (Map.Entry<?, ?> m : map.entrySet()) {
      if (!(m.getValue() instanceof String s)) {
        throw new CheckpointException(file + ": corrupt header: metadata \"" + m.getKey() + "\" is not a string");
      }
      into.put((String) m.getKey(), s);
    }
  }

  private static TensorInfo tensorInfo(String file, String name, Object value) {
    String where = file + ": corrupt header: tensor \"" + name + "\"";
    if (!(value instanceof Map<?, ?> t)) {
      throw new CheckpointException(where + " is not an object");
    }
    if (!(t.get("dtype") instanceof String dtypeName)) {
      throw new CheckpointException(where + " has no dtype");
    }
    DType dtype = DType.named(dtypeName);
    if (dtype == null) {
      throw new CheckpointException(where + " has dtype " + dtypeName + "; this runtime reads F32, F64 and I64");
    }
    long[] shape = longs(t.get("shape"), -1, where + " has no valid shape");
    long[] offsets = longs(t.get("data_offsets"), 2, where + " has no valid data_offsets [begin, end]");
    long elements;
    try {
      elements = TensorInfo.elements(shape);
    } catch (ArithmeticException e) {
      throw new CheckpointException(where + " has a shape too large to hold");
    }
    long bytes;
    try {
      bytes = Math.multiplyExact(elements, (long) dtype.bytes());
    } catch (ArithmeticException e) {
      throw new CheckpointException(where + " has a shape too large to hold");
    }
    if (offsets[1] < offsets[0] || offsets[1] - offsets[0] != bytes) {
      throw new CheckpointException(where + ": data_offsets " + offsets[0] + ".." + offsets[1] + " do not hold "
          + elements + " " + dtype + " values");
    }
    return new TensorInfo(name, dtype, shape, offsets[0], offsets[1]);
  }

  private static long[] longs(Object value, int count, String error) {
    if (!(value instanceof List<?> list) || (count >= 0 && list.size() != count)) {
      throw new CheckpointException(error);
    }
    long[] out = new long[list.size()];
    for (int i = 0; i < out.length; i++) {
      if (!(list.get(i) instanceof Long v) || v < 0) {
        throw new CheckpointException(error);
      }
      out[i] = v;
    }
    return out;
  }

  /** The tensors must tile the data region exactly: no overlap, no gap, nothing past the end. */
  private static void checkCoverage(String file, java.util.Collection<TensorInfo> infos, long dataBytes) {
    List<TensorInfo> sorted = new ArrayList<>(infos);
    sorted.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
    long expected = 0;
    for (TensorInfo t : sorted) {
      if (t.begin() != expected) {
        throw new CheckpointException(file + ": corrupt header: tensor \"" + t.name() + "\" starts at byte " + t.begin()
            + (t.begin() < expected ? ", overlapping the tensor before it" : ", leaving a gap after byte " + expected));
      }
      expected = t.end();
    }
    if (expected > dataBytes) {
      throw new CheckpointException(file + ": truncated: the header describes " + expected + " bytes of tensor data, the file holds "
          + dataBytes);
    }
    if (expected < dataBytes) {
      throw new CheckpointException(file + ": corrupt: " + (dataBytes - expected) + " bytes after the last tensor");
    }
  }

  /** The file name given to {@link #read} or {@link #parse}. */
  public String file() {
    return file;
  }

  /** Every tensor, in header order. */
  public Map<String, TensorInfo> tensors() {
    return tensors;
  }

  public Map<String, String> metadata() {
    return metadata;
  }

  /** A metadata string, or a refusal naming the missing key. */
  public String metadata(String key) {
    String v = metadata.get(key);
    if (v == null) {
      throw new CheckpointException(file + ": not an optspec checkpoint: no \"" + key + "\" in its metadata");
    }
    return v;
  }

  /** A metadata value that must be a whole number. */
  public long metadataLong(String key) {
    String v = metadata(key);
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new CheckpointException(file + ": corrupt metadata: \"" + key + "\" is \"" + v + "\", not a whole number");
    }
  }

  /** A whole-number metadata value in {@code [min, max]}: a checkpoint's step, epoch or counter. */
  public long metadataLong(String key, long min, long max) {
    long v = metadataLong(key);
    if (v < min || v > max) {
      throw new CheckpointException(file + ": corrupt metadata: \"" + key + "\" is " + v + ", outside [" + min + ", " + max
          + "]");
    }
    return v;
  }

  /** A one-dimensional int64 tensor that must hold every index 0..n-1 exactly once (a shuffle order of n rows). */
  public int[] permutation(String name) {
    int[] order = ints(name);
    boolean[] seen = new boolean[order.length];
    for (int i = 0; i < order.length; i++) {
      int v = order[i];
      if (v < 0 || v >= order.length) {
        throw new CheckpointException(file + ": corrupt: \"" + name + "\" holds " + v + " at " + i
            + ", outside the rows 0.." + (order.length - 1));
      }
      if (seen[v]) {
        throw new CheckpointException(file + ": corrupt: \"" + name + "\" holds row " + v + " twice (again at " + i
            + "); a shuffle order holds every row once");
      }
      seen[v] = true;
    }
    return order;
  }

  /**
   * Refuses a checkpoint written by another spec (or another version of this one): compares the
   * spec's SHA-256 and names both specs when they differ.
   */
  public void requireSpec(String name, String sha256) {
    String theirs = metadata(SPEC);
    String theirHash = metadata(SPEC_SHA256);
    if (theirHash.equals(sha256)) {
      return;
    }
    if (theirs.equals(name)) {
      throw new CheckpointException(file + ": written by another version of spec " + theirs + " (sha256 " + abbreviate(theirHash)
          + "), this spec " + name + " is sha256 " + abbreviate(sha256) + "; its parameters or optimizer may not match");
    }
    throw new CheckpointException(file + ": a checkpoint of spec " + theirs + " (sha256 " + abbreviate(theirHash)
        + "), not of spec " + name + " (sha256 " + abbreviate(sha256) + ")");
  }

  private static String abbreviate(String hash) {
    return hash.length() > 12 ? hash.substring(0, 12) + "…" : hash;
  }

  /** The tensor {@code name}, checked to have this dtype and shape. */
  public TensorInfo expect(String name, DType dtype, long... shape) {
    TensorInfo t = tensors.get(name);
    if (t == null) {
      throw new CheckpointException(file + ": has no tensor \"" + name + "\"");
    }
    if (t.dtype() != dtype) {
      throw new CheckpointException(file + ": tensor \"" + name + "\" is " + t.dtype() + ", expected " + dtype);
    }
    if (!java.util.Arrays.equals(t.shape(), shape)) {
      throw new CheckpointException(file + ": tensor \"" + name + "\" has shape " + t.shapeText() + ", expected "
          + java.util.Arrays.toString(shape));
    }
    return t;
  }

  /** Copies a float32 tensor (checked with {@link #expect} first) into {@code dst} from {@code offset}. */
  public void copy(String name, float[] dst, int offset) {
    TensorInfo t = typed(name, DType.F32);
    var values = data.slice((int) t.begin(), (int) (t.end() - t.begin())).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    for (int i = 0; i < t.elements(); i++) {
      if (!Float.isFinite(values.get(i))) {
        throw nonFinite(name, i, values.get(i));
      }
    }
    values.get(dst, offset, (int) t.elements());
  }

  public void copy(String name, double[] dst, int offset) {
    TensorInfo t = typed(name, DType.F64);
    var values = data.slice((int) t.begin(), (int) (t.end() - t.begin())).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer();
    for (int i = 0; i < t.elements(); i++) {
      if (!Double.isFinite(values.get(i))) {
        throw nonFinite(name, i, values.get(i));
      }
    }
    values.get(dst, offset, (int) t.elements());
  }

  /** Training never saves a NaN or an infinity ({@link SafeTensorsWriter} refuses them); a file that has one is not ours. */
  private CheckpointException nonFinite(String name, int index, double value) {
    return new CheckpointException(file + ": tensor \"" + name + "\" holds " + value + " at element " + index
        + "; a checkpoint holds finite values only");
  }

  /** A one-dimensional int64 tensor as ints; a value outside int's range is refused. */
  public int[] ints(String name) {
    TensorInfo t = typed(name, DType.I64);
    if (t.shape().length != 1) {
      throw new CheckpointException(file + ": tensor \"" + name + "\" has shape " + t.shapeText() + ", expected one dimension");
    }
    var longs = data.slice((int) t.begin(), (int) (t.end() - t.begin())).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
    int[] out = new int[(int) t.elements()];
    for (int i = 0; i < out.length; i++) {
      long v = longs.get(i);
      if (v != (int) v) {
        throw new CheckpointException(file + ": tensor \"" + name + "\" holds " + v + ", outside int range");
      }
      out[i] = (int) v;
    }
    return out;
  }

  private TensorInfo typed(String name, DType dtype) {
    TensorInfo t = tensors.get(name);
    if (t == null) {
      throw new CheckpointException(file + ": has no tensor \"" + name + "\"");
    }
    if (t.dtype() != dtype) {
      throw new CheckpointException(file + ": tensor \"" + name + "\" is " + t.dtype() + ", expected " + dtype);
    }
    return t;
  }
}
