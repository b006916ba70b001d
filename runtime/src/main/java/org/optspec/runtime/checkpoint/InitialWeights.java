package org.optspec.runtime.checkpoint;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starting weights read from a safetensors file written elsewhere, for {@code Trainer.initFrom}: a model
 * PyTorch saved (an {@code nn.Sequential} of the spec's layers names its tensors by position,
 * {@code 0.weight}, {@code 0.bias}, {@code 2.weight}) or a checkpoint of ours ({@code dense0.weight}).
 * A generated trainer first {@link #expect}s every tensor it needs, then calls {@link #refuseOthers}, and only
 * then {@link #copy copies}: nothing changes unless every name, dtype and shape checks.
 *
 * <p>Values may be F32 or F64 in the file; a float32 trainer rounds F64 values to the nearest float, a float64
 * trainer widens F32 values exactly. Dense weights are {@code [out, in]} on both sides (as {@code nn.Linear}
 * stores them): nothing is transposed. Tensors of our checkpoints that are not weights ({@code optimizer.*},
 * {@code trainer.*}, {@code preprocess.*}) and torch's {@code *.num_batches_tracked} counters are ignored.
 */
public final class InitialWeights {

  /** Prefixes of our checkpoints' tensors that are training state, not weights. */
  private static final List<String> IGNORED_PREFIXES = List.of("optimizer.", "trainer.", "preprocess.", "pruning.");

  private final SafeTensors file;
  private final String model;
  /** Our name → the name the file uses for it; null values for optional tensors the file lacks. */
  private final Map<String, String> found = new LinkedHashMap<>();
  /** What was expected, for the message about an unexpected tensor. */
  private final List<String> expected = new ArrayList<>();

  private InitialWeights(SafeTensors file, String model) {
    this.file = file;
    this.model = model;
  }

  /**
   * Reads and checks the whole file ({@link SafeTensors#read}); {@code model} is the spec's name, for messages.
   * Throws {@link CheckpointException}.
   */
  public static InitialWeights read(Path path, String model) {
    return new InitialWeights(SafeTensors.read(path), model);
  }

  /** The same over a file already read. */
  public static InitialWeights of(SafeTensors file, String model) {
    return new InitialWeights(file, model);
  }

  /**
   * Requires the tensor {@code ours} (our name) or {@code torch} (its name in a torch {@code nn.Sequential} of the
   * spec's layers), of this shape, F32 or F64. {@code origin} is the spec line of the layer, for messages.
   */
  public void expect(String ours, String torch, String origin, long... shape) {
    String name = lookUp(ours, torch, origin, shape);
    if (name == null) {
      throw new CheckpointException(file.file() + ": has no tensor \"" + ours + "\" or \"" + torch + "\" for " + origin
          + " (expected shape " + Arrays.toString(shape) + ")");
    }
    found.put(ours, name);
  }

  /**
   * Like {@link #expect}, but the file may lack the tensor (batchnorm's running statistics: a trainer keeps its
   * own when the file has none). {@link #has} tells which.
   */
  public void allow(String ours, String torch, String origin, long... shape) {
    found.put(ours, lookUp(ours, torch, origin, shape));
  }

  private String lookUp(String ours, String torch, String origin, long[] shape) {
    expected.add(ours + " (or " + torch + ") " + Arrays.toString(shape));
    TensorInfo a = file.tensors().get(ours);
    TensorInfo b = file.tensors().get(torch);
    if (a != null && b != null) {
      throw new CheckpointException(file.file() + ": has both \"" + ours + "\" and \"" + torch + "\" for " + origin
          + "; keep one");
    }
    TensorInfo t = a != null ? a : b;
    if (t == null) {
      return null;
    }
    if (t.dtype() != DType.F32 && t.dtype() != DType.F64) {
      throw new CheckpointException(file.file() + ": tensor \"" + t.name() + "\" (" + origin + ") is " + t.dtype()
          + "; weights must be F32 or F64");
    }
    if (!Arrays.equals(t.shape(), shape)) {
      String hint = shape.length == 2 && t.shape().length == 2 && t.shape()[0] == shape[1] && t.shape()[1] == shape[0]
          ? "; it looks transposed: weights are [out, in], as torch's nn.Linear stores them" : "";
      throw new CheckpointException(file.file() + ": tensor \"" + t.name() + "\" (" + origin + ") has shape " + t.shapeText()
          + ", expected " + Arrays.toString(shape) + hint);
    }
    return t.name();
  }

  /** Whether the file has the tensor {@code ours} was {@link #expect expected} or {@link #allow allowed} as. */
  public boolean has(String ours) {
    return found.get(ours) != null;
  }

  /**
   * Refuses a file with a tensor that is none of the expected ones (a model of another shape, or names from
   * another layout), as torch's {@code load_state_dict(strict=True)} does.
   */
  public void refuseOthers() {
    List<String> names = new ArrayList<>(found.values());
    for (TensorInfo t : file.tensors().values()) {
      if (names.contains(t.name()) || ignored(t.name())) {
        continue;
      }
      throw new CheckpointException(file.file() + ": tensor \"" + t.name() + "\" " + t.shapeText() + " is no weight of "
          + model + ", whose weights are " + String.join(", ", expected));
    }
  }

  private static boolean ignored(String name) {
    return name.endsWith(".num_batches_tracked") || IGNORED_PREFIXES.stream().anyMatch(name::startsWith);
  }

  /** Copies the tensor {@code ours} was found as into {@code dst} from {@code offset}, rounding F64 to float. */
  public void copy(String ours, float[] dst, int offset) {
    TensorInfo t = located(ours);
    int n = (int) t.elements();
    if (t.dtype() == DType.F32) {
      file.copy(t.name(), dst, offset);
    } else {
      double[] values = new double[n];
      file.copy(t.name(), values, 0);
      for (int i = 0; i < n; i++) {
        dst[offset + i] = (float) values[i];
      }
    }
  }

  /** Copies the tensor {@code ours} was found as into {@code dst} from {@code offset}, widening F32 exactly. */
  public void copy(String ours, double[] dst, int offset) {
    TensorInfo t = located(ours);
    int n = (int) t.elements();
    if (t.dtype() == DType.F64) {
      file.copy(t.name(), dst, offset);
    } else {
      float[] values = new float[n];
      file.copy(t.name(), values, 0);
      for (int i = 0; i < n; i++) {
        dst[offset + i] = values[i];
      }
    }
  }

  private TensorInfo located(String ours) {
    String name = found.get(ours);
    if (name == null) {
      throw new IllegalStateException("copy(\"" + ours + "\") before expect(), or of a tensor the file lacks");
    }
    return file.tensors().get(name);
  }
}
