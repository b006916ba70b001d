package org.optspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.optspec.runtime.checkpoint.SafeTensors;
import org.optspec.runtime.checkpoint.SafeTensorsWriter;

/**
 * {@code train --init-from} and {@code trace --init-from}: the spec of tools/reference/init_from.py started from
 * the weights torch initialized follows torch's trajectory; a file that does not fit is refused before training.
 */
class InitFromCommandTest {

  private static final Path DIR = Path.of("../processor/src/test/resources/init_from");
  private static final Path SPEC = DIR.resolve("mlp.optspec");
  private static final Path WEIGHTS = DIR.resolve("mlp_torch.safetensors");

  /** torch's column name ({@code 2.weight[5]}) as the trace names it ({@code dense1.weight[0,5]}). */
  private static String ours(String torch) {
    Matcher m = Pattern.compile("(\\d)\\.(weight|bias)\\[(\\d+)]").matcher(torch);
    assertTrue(m.matches(), torch);
    int layer = Integer.parseInt(m.group(1));
    int i = Integer.parseInt(m.group(3));
    String dense = layer == 0 ? "dense0" : "dense1";
    int in = layer == 0 ? 4 : 8;
    return m.group(2).equals("weight") ? dense + ".weight[" + i / in + "," + i % in + "]" : dense + ".bias[" + i + "]";
  }

  @Test
  void traceFromTorchsInitialWeightsFollowsTorchsTrajectory(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("trace.csv");
    Cli.Run r = Cli.run("trace", SPEC.toString(), "--init-from", WEIGHTS.toString(), "--steps", "50", "--out", out.toString());
    assertEquals(0, r.status(), r.err());
    List<String> ours = Files.readAllLines(out);
    List<String> torch = Files.readAllLines(DIR.resolve("mlp_trajectory.csv"));
    Map<String, Integer> column = new HashMap<>();
    // a weight's element names hold a comma ("dense0.weight[0,1]"), so the trace quotes them (RFC 4180)
    List<String> header = org.apache.commons.csv.CSVFormat.RFC4180.parse(new java.io.StringReader(ours.get(0)))
        .getRecords().get(0).toList();
    for (int j = 0; j < header.size(); j++) {
      column.put(header.get(j), j);
    }
    String[] torchHeader = torch.get(0).split(",");
    assertEquals(51 + 1, ours.size());
    double worst = 0;
    for (int k = 1; k <= 50; k++) {
      String[] want = torch.get(k).split(",");
      String[] after = ours.get(1 + k).split(",");    // our row k: the parameters after k steps
      String[] before = ours.get(k).split(",");       // our row k-1: the loss at the parameters step k starts from
      worst = Math.max(worst, Math.abs(Double.parseDouble(before[2]) - Double.parseDouble(want[1])));
      for (int j = 2; j < want.length; j++) {
        double got = Double.parseDouble(after[column.get(ours(torchHeader[j]))]);
        worst = Math.max(worst, Math.abs(got - Double.parseDouble(want[j])) / (1 + Math.abs(Double.parseDouble(want[j]))));
      }
    }
    assertTrue(worst <= 1e-9, "largest difference from torch: " + worst);
  }

  @Test
  void trainFromTorchsWeightsStartsAtTorchsLoss() {
    Cli.Run r = Cli.run("train", SPEC.toString(), "--init-from", WEIGHTS.toString(), "--epochs", "1", "--progress", "lines");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().startsWith("initial weights from " + WEIGHTS + "\n"), r.out());
    // one full-batch step: its train loss is the loss at torch's initial weights, 1.1991243701951284
    assertTrue(r.out().contains("train loss 1.199124"), r.out());
    Cli.Run fresh = Cli.run("train", SPEC.toString(), "--epochs", "1", "--progress", "lines");
    assertFalse(fresh.out().contains("train loss 1.199124"), fresh.out());
  }

  @Test
  void aFileThatDoesNotFitStopsTrainBeforeAnythingIsWritten(@TempDir Path dir) {
    SafeTensors torch = SafeTensors.read(WEIGHTS);
    SafeTensorsWriter w = SafeTensors.writer();
    for (var t : torch.tensors().values()) {
      double[] v = new double[(int) t.elements()];
      torch.copy(t.name(), v, 0);
      w.add(t.name(), v, 0, v.length, t.name().equals("2.weight") ? new long[] {8, 3} : t.shape());
    }
    Path bad = dir.resolve("transposed.safetensors");
    w.write(bad);
    Path out = dir.resolve("out");
    Cli.Run r = Cli.run("train", SPEC.toString(), "--init-from", bad.toString(), "--out", out.toString());
    assertEquals(1, r.status());
    assertEquals("error: " + bad + ": tensor \"2.weight\" (" + SPEC + ":16  dense(3)) has shape [8, 3], expected [3, 8];"
        + " it looks transposed: weights are [out, in], as torch's nn.Linear stores them\n", r.err());
    assertFalse(Files.exists(out));
  }

  @Test
  void initFromAndResumeExcludeEachOther() {
    Cli.Run r = Cli.run("train", SPEC.toString(), "--init-from", WEIGHTS.toString(), "--resume", WEIGHTS.toString());
    assertEquals(1, r.status());
    assertTrue(r.err().contains("--resume and --init-from exclude each other"), r.err());
  }
}
