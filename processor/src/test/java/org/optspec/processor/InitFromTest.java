package org.optspec.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.optspec.runtime.checkpoint.CheckpointException;
import org.optspec.runtime.checkpoint.SafeTensors;
import org.optspec.runtime.checkpoint.SafeTensorsWriter;
import org.optspec.spec.SourceText;
import org.optspec.spec.TrainerSpec;

/**
 * {@code initFrom}: a trainer started from the weights PyTorch initialized and saved follows PyTorch's own
 * trajectory (tools/reference/init_from.py: full batch, unshuffled, float64, AdamW); every name and shape of
 * the file is checked before anything changes.
 */
class InitFromTest {

  /** The tensors in nn.Sequential's order, by our constant names; the trajectory CSV's columns after step, loss. */
  private static final String[] TENSORS = {"DENSE0_WEIGHT", "DENSE0_BIAS", "DENSE1_WEIGHT", "DENSE1_BIAS"};

  private static Path resource(String name) {
    try {
      return Path.of(InitFromTest.class.getResource("/init_from/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static TrainerSpec spec(String precision) throws IOException {
    String text = Files.readString(resource("mlp.optspec"), StandardCharsets.UTF_8).replace("precision float64", precision);
    return (TrainerSpec) org.optspec.grammar.Frontend.check(new SourceText("mlp.optspec", text)).spec().orElseThrow();
  }

  private static List<double[]> csv(String name, boolean header) throws IOException {
    List<String> lines = Files.readAllLines(resource(name));
    return lines.subList(header ? 1 : 0, lines.size()).stream()
        .map(l -> Arrays.stream(l.split(",")).mapToDouble(Double::parseDouble).toArray()).toList();
  }

  /** Our parameters in the order of torch's state_dict. */
  private static double[] torchOrder(LoadedTrainer t) {
    double[] all = t.trainer.parameters();
    double[] out = new double[all.length];
    int k = 0;
    for (String tensor : TENSORS) {
      int offset = t.offset(tensor);
      int size = t.offset(tensor + "_SIZE");
      System.arraycopy(all, offset, out, k, size);
      k += size;
    }
    return out;
  }

  @Test
  void anMlpInitializedFromTorchsSafetensorsFollowsTorchsTrajectoryFor50Steps() throws IOException {
    LoadedTrainer t = LoadedTrainer.of(spec("precision float64"));
    t.trainer.initFrom(resource("mlp_torch.safetensors"));
    List<double[]> data = csv("mlp.csv", false);
    int rows = data.size();
    double[] x = new double[rows * 4];
    double[] y = new double[rows];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(data.get(r), 0, x, r * 4, 4);
      y[r] = data.get(r)[4];
    }
    List<double[]> trajectory = csv("mlp_trajectory.csv", true);
    assertEquals(50, trajectory.size());
    double worst = 0;
    for (double[] row : trajectory) {
      double loss = t.step(x, y, rows);
      worst = Math.max(worst, Math.abs(loss - row[1]) / (1 + Math.abs(row[1])));
      double[] ours = torchOrder(t);
      assertEquals(row.length - 2, ours.length);
      for (int i = 0; i < ours.length; i++) {
        worst = Math.max(worst, Math.abs(ours[i] - row[i + 2]) / (1 + Math.abs(row[i + 2])));
      }
    }
    assertTrue(worst <= 1e-9, "largest difference from torch over 50 steps: " + worst);
    // the trajectory moved: this is not a test of a model that stands still
    assertTrue(Math.abs(trajectory.get(0)[1] - trajectory.get(49)[1]) > 0.05);
  }

  @Test
  void theFirstStepsLossIsTorchsLossAtTorchsInitialWeights() throws IOException {
    LoadedTrainer t = LoadedTrainer.of(spec("precision float64"));
    t.trainer.initFrom(resource("mlp_torch.safetensors"));
    List<double[]> data = csv("mlp.csv", false);
    double[] x = new double[data.size() * 4];
    double[] y = new double[data.size()];
    for (int r = 0; r < data.size(); r++) {
      System.arraycopy(data.get(r), 0, x, r * 4, 4);
      y[r] = data.get(r)[4];
    }
    assertEquals(csv("mlp_trajectory.csv", true).get(0)[1], t.loss(x, y, data.size()), 1e-14);
  }

  @Test
  void aFloat32TrainerRoundsTorchsFloat64WeightsToTheNearestFloat() throws IOException {
    LoadedTrainer t64 = LoadedTrainer.of(spec("precision float64"));
    LoadedTrainer t32 = LoadedTrainer.of(spec("precision float32"));
    t64.trainer.initFrom(resource("mlp_torch.safetensors"));
    t32.trainer.initFrom(resource("mlp_torch.safetensors"));
    double[] wide = t64.trainer.parameters();
    double[] narrow = t32.trainer.parameters();
    for (int i = 0; i < wide.length; i++) {
      assertEquals((double) (float) wide[i], narrow[i], 0.0, "parameter " + i);
    }
  }

  @Test
  void ourOwnCheckpointNamesWorkToo(@TempDir Path dir) throws IOException {
    LoadedTrainer trained = LoadedTrainer.of(spec("precision float64"));
    double[] x = new double[24 * 4];
    double[] y = new double[24];
    for (int i = 0; i < x.length; i++) {
      x[i] = Math.sin(i);
    }
    trained.step(x, y, 24);
    trained.trainer.save(dir.resolve("run.safetensors"));
    LoadedTrainer fresh = LoadedTrainer.of(trained.type);
    fresh.trainer.initFrom(dir.resolve("run.safetensors"));
    assertArrayEquals(trained.trainer.parameters(), fresh.trainer.parameters());
    assertEquals(0, fresh.trainer.stepCount());
  }

  private static Path torchFile(Path dir, String skip, long[] reshape) {
    SafeTensors torch = SafeTensors.read(resource("mlp_torch.safetensors"));
    SafeTensorsWriter w = SafeTensors.writer();
    for (var t : torch.tensors().values()) {
      if (t.name().equals(skip)) {
        continue;
      }
      double[] v = new double[(int) t.elements()];
      torch.copy(t.name(), v, 0);
      w.add(t.name(), v, 0, v.length, reshape != null && t.name().equals("0.weight") ? reshape : t.shape());
    }
    Path file = dir.resolve("w.safetensors");
    w.write(file);
    return file;
  }

  private static String refusal(Path file) throws IOException {
    LoadedTrainer t = LoadedTrainer.of(spec("precision float64"));
    double[] before = t.trainer.parameters();
    CheckpointException e = assertThrows(CheckpointException.class, () -> t.trainer.initFrom(file));
    assertArrayEquals(before, t.trainer.parameters(), "a refused file changes nothing");
    return e.getMessage();
  }

  @Test
  void aMissingTensorIsNamedWithItsLayerAndShape(@TempDir Path dir) throws IOException {
    assertEquals(dir.resolve("w.safetensors") + ": has no tensor \"dense1.bias\" or \"2.bias\" for mlp.optspec:16  dense(3)"
        + " (expected shape [3])", refusal(torchFile(dir, "2.bias", null)));
  }

  @Test
  void aTransposedWeightIsRefusedWithBothShapes(@TempDir Path dir) throws IOException {
    assertEquals(dir.resolve("w.safetensors") + ": tensor \"0.weight\" (mlp.optspec:14  dense(8)) has shape [4, 8], expected [8, 4];"
        + " it looks transposed: weights are [out, in], as torch's nn.Linear stores them",
        refusal(torchFile(dir, null, new long[] {4, 8})));
  }

  @Test
  void bothNamesForOneTensorAreRefused(@TempDir Path dir) throws IOException {
    // torch's file plus the first bias again under our name
    SafeTensors torch = SafeTensors.read(resource("mlp_torch.safetensors"));
    SafeTensorsWriter w = SafeTensors.writer();
    for (var t : torch.tensors().values()) {
      double[] v = new double[(int) t.elements()];
      torch.copy(t.name(), v, 0);
      w.add(t.name(), v, 0, v.length, t.shape());
      if (t.name().equals("0.bias")) {
        w.add("dense0.bias", v, 0, v.length, t.shape());
      }
    }
    w.write(dir.resolve("w.safetensors"));
    assertEquals(dir.resolve("w.safetensors") + ": has both \"dense0.bias\" and \"0.bias\" for mlp.optspec:14  dense(8); keep one",
        refusal(dir.resolve("w.safetensors")));
  }

  @Test
  void aTensorOfNoLayerIsRefused(@TempDir Path dir) throws IOException {
    SafeTensors torch = SafeTensors.read(resource("mlp_torch.safetensors"));
    SafeTensorsWriter w = SafeTensors.writer();
    for (var t : torch.tensors().values()) {
      double[] v = new double[(int) t.elements()];
      torch.copy(t.name(), v, 0);
      w.add(t.name(), v, 0, v.length, t.shape());
    }
    w.add("4.weight", new double[6], 0, 6, 2, 3);
    w.write(dir.resolve("w.safetensors"));
    assertEquals(dir.resolve("w.safetensors") + ": tensor \"4.weight\" [2, 3] is no weight of InitFromMlp, whose weights are"
        + " dense0.weight (or 0.weight) [8, 4], dense0.bias (or 0.bias) [8], dense1.weight (or 2.weight) [3, 8],"
        + " dense1.bias (or 2.bias) [3]", refusal(dir.resolve("w.safetensors")));
  }

  @Test
  void aTrainerThatHasSteppedRefuses() throws IOException {
    LoadedTrainer t = LoadedTrainer.of(spec("precision float64"));
    t.step(new double[24 * 4], new double[24], 24);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.trainer.initFrom(resource("mlp_torch.safetensors")));
    assertEquals("initFrom is for a fresh trainer; this one has taken 1 steps", e.getMessage());
  }
}
