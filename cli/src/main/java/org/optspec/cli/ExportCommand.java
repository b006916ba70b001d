package org.optspec.cli;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.optspec.onnx.OnnxExport;
import org.optspec.onnx.OnnxExportException;
import org.optspec.runtime.checkpoint.CheckpointException;
import org.optspec.runtime.checkpoint.SafeTensors;
import org.optspec.runtime.io.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code optspec export SPEC --model CKPT --onnx OUT.onnx}: the trained model as ONNX, preprocessing included, so
 * ONNX Runtime (or any ONNX consumer) predicts from the raw feature rows.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {"Writes a trained model as an ONNX model (opset 13, float32).",
        "Input \"features\" [N, inputs]: raw rows as the CSV holds them (the spec's preprocessing is in the graph).",
        "Output \"probabilities\" [N, classes] for a classifier, \"values\" [N, targets] in the targets' own units."},
    footer = {"", "Example:",
        "  optspec export samples/src/main/resources/org/optspec/samples/digits/digits.optspec --model runs/digits/checkpoint.safetensors --onnx runs/digits.onnx"})
final class ExportCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "SPEC", description = "The .optspec file the model was trained from.")
  Path file;

  @Option(names = "--model", paramLabel = "CKPT", required = true, description = "The checkpoint train --out wrote.")
  Path model;

  @Option(names = "--onnx", paramLabel = "OUT", required = true, description = "Write the ONNX model here.")
  Path onnx;

  @Override
  public Integer call() {
    PrintStream stderr = System.err;
    CompiledSpec spec;
    try {
      spec = SpecCompilation.compileTrainer(file, SpecOverrides.NONE);
    } catch (SpecCompilation.SpecFailure e) {
      return Errors.spec(stderr, e);
    }
    ModelProto exported;
    try {
      exported = OnnxExport.export(spec.spec(), SafeTensors.read(model), OptSpecCommand.Version.number());
    } catch (CheckpointException | OnnxExportException e) {
      return Errors.message(stderr, e.getMessage());
    }
    try {
      AtomicFiles.write(onnx, exported.toByteArray());
    } catch (IOException e) {
      return Errors.message(stderr, onnx + ": cannot write: " + e);
    }
    var graph = exported.getGraph();
    var input = graph.getInput(0);
    var output = graph.getOutput(0);
    System.out.printf(Locale.ROOT, "wrote %s: %s, input %s [N, %d] (raw rows), output %s [N, %d]; %d nodes, opset %d%n", onnx,
        spec.name(), input.getName(), input.getType().getTensorType().getShape().getDim(1).getDimValue(), output.getName(),
        output.getType().getTensorType().getShape().getDim(1).getDimValue(), graph.getNodeCount(),
        exported.getOpsetImport(0).getVersion());
    return 0;
  }
}
