package org.optspec.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.optspec.grammar.Frontend;
import org.optspec.processor.ir.Lowering;
import org.optspec.runtime.checkpoint.SafeTensors;
import org.optspec.runtime.checkpoint.SafeTensorsWriter;
import org.optspec.spec.SourceText;
import org.optspec.spec.TrainerSpec;

/**
 * The export against numbers worked out by hand: a checkpoint written here with the preprocessing tensors of the
 * contract ({@code preprocess.features.mean}/{@code std}, {@code preprocess.targets.mean}/{@code std}, float64),
 * run by ONNX Runtime; and the refusals.
 */
class OnnxExportTest {

  private static final String REGRESSION = """
      trainer Tiny {
        precision float64
        seed 1
        data {
          source csv("tiny.csv", target: last)
          features 2
          targets 1
          scale features 1/2
          standardize features
          standardize targets
          split(test: 0.2, seed: 1)
        }
        model {
          dense(2)
          relu
          dense(1)
        }
        loss mse
        optimizer sgd(lr: 0.1)
        batch 4
        epochs 1
      }
      """;

  private static TrainerSpec spec(String text) {
    return (TrainerSpec) Frontend.check(new SourceText("tiny.optspec", text)).spec().orElseThrow();
  }

  private static SafeTensorsWriter checkpoint(TrainerSpec spec) {
    var program = Lowering.lower(spec).program().orElseThrow();
    return SafeTensors.writer().metadata(SafeTensors.SPEC, program.name()).metadata(SafeTensors.SPEC_SHA256, program.specSha256());
  }

  private static final double[] W0 = {1, -1, 0.5, 2};   // [out 2, in 2]
  private static final double[] B0 = {0.25, -0.5};
  private static final double[] W1 = {3, -2};           // [1, 2]
  private static final double[] B1 = {0.1};

  private static Path tinyCheckpoint(Path dir, boolean withTargets) {
    TrainerSpec spec = spec(REGRESSION);
    SafeTensorsWriter w = checkpoint(spec)
        .add("dense0.weight", W0, 0, 4, 2, 2).add("dense0.bias", B0, 0, 2, 2)
        .add("dense1.weight", W1, 0, 2, 1, 2).add("dense1.bias", B1, 0, 1, 1)
        .add("preprocess.features.mean", new double[] {1, 2}, 0, 2, 2)
        .add("preprocess.features.std", new double[] {0.5, 0}, 0, 2, 2);
    if (withTargets) {
      w.add("preprocess.targets.mean", new double[] {10}, 0, 1, 1).add("preprocess.targets.std", new double[] {4}, 0, 1, 1);
    }
    Path file = dir.resolve("tiny.safetensors");
    w.write(file);
    return file;
  }

  /** The spec's model by hand: x/2, (x − mean)/std (std 0 → 1), dense, relu, dense, then y·4 + 10. */
  private static double byHand(double a, double b) {
    double[] x = {(a / 2 - 1) / 0.5, (b / 2 - 2) / 1};
    double h0 = Math.max(0, W0[0] * x[0] + W0[1] * x[1] + B0[0]);
    double h1 = Math.max(0, W0[2] * x[0] + W0[3] * x[1] + B0[1]);
    return (W1[0] * h0 + W1[1] * h1 + B1[0]) * 4 + 10;
  }

  @Test
  void preprocessingAndTheTargetsOwnUnitsAreInTheGraph(@TempDir Path dir) throws OrtException {
    ModelProto model = OnnxExport.export(spec(REGRESSION), SafeTensors.read(tinyCheckpoint(dir, true)), "test");
    assertArrayEquals(new String[] {"Mul", "Sub", "Div", "Gemm", "Relu", "Gemm", "Mul", "Add", "Identity"},
        model.getGraph().getNodeList().stream().map(NodeProto::getOpType).toArray(String[]::new));
    assertEquals(13, model.getOpsetImport(0).getVersion());
    float[] rows = {3, 5, 0, 4, 2.5f, -1, 8, 8};
    float[][] out = run(model, rows, 4, 2);
    for (int r = 0; r < 4; r++) {
      assertEquals(byHand(rows[2 * r], rows[2 * r + 1]), out[r][0], 1e-5 * Math.max(1, Math.abs(out[r][0])), "row " + r);
    }
  }

  @Test
  void aCheckpointWithoutTheTargetStatisticsIsRefusedAtTheSpecLine(@TempDir Path dir) {
    OnnxExportException e = assertThrows(OnnxExportException.class,
        () -> OnnxExport.export(spec(REGRESSION), SafeTensors.read(tinyCheckpoint(dir, false)), "test"));
    assertTrue(e.getMessage().startsWith("tiny.optspec:10:5: standardize targets needs the tensor \"preprocess.targets.mean\""),
        e.getMessage());
  }

  @Test
  void aWeightOfTheWrongShapeIsRefused(@TempDir Path dir) {
    TrainerSpec spec = spec(REGRESSION.replaceAll("(?m)^.*(scale|standardize) .*\n", ""));
    Path file = dir.resolve("bad.safetensors");
    checkpoint(spec).add("dense0.weight", W0, 0, 4, 4, 1).add("dense0.bias", B0, 0, 2, 2)
        .add("dense1.weight", W1, 0, 2, 1, 2).add("dense1.bias", B1, 0, 1, 1).write(file);
    OnnxExportException e = assertThrows(OnnxExportException.class, () -> OnnxExport.export(spec, SafeTensors.read(file), "test"));
    assertEquals(file + ": tensor \"dense0.weight\" has shape [4, 1], expected [2, 2]", e.getMessage());
  }

  @Test
  void aCheckpointOfAnotherSpecIsRefused(@TempDir Path dir) {
    Path file = dir.resolve("other.safetensors");
    SafeTensors.writer().metadata(SafeTensors.SPEC, "Other").metadata(SafeTensors.SPEC_SHA256, "0123456789abcdef")
        .add("x", new double[1], 0, 1, 1).write(file);
    OnnxExportException e = assertThrows(OnnxExportException.class,
        () -> OnnxExport.export(spec(REGRESSION), SafeTensors.read(file), "test"));
    assertTrue(e.getMessage().startsWith(file + ": a checkpoint of spec Other"), e.getMessage());
  }

  static float[][] run(ModelProto model, float[] rows, int n, int width) throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession session = env.createSession(model.toByteArray(), new OrtSession.SessionOptions());
        OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(rows), new long[] {n, width});
        OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, x))) {
      return (float[][]) result.get(0).getValue();
    }
  }
}
