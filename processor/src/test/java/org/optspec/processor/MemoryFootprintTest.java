package org.optspec.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.optspec.processor.emit.MemoryFootprint;
import org.optspec.spec.Diagnostic;
import org.optspec.spec.TrainerSpec;

/** The trainer's memory footprint estimated from the lowered spec, and the pure check against a heap it is given. */
class MemoryFootprintTest {

  private static TrainerSpec spec(String precision, String optimizer, String rest) {
    return SpecText.trainer("trainer M {\n precision " + precision + "\n seed 1\n data {\n source csv(\"m.csv\")\n features 10\n"
        + " targets 1\n split(test: 0.2, validation: 0.2, seed: 1)\n }\n model {\n dense(100)\n relu\n dense(1)\n }\n"
        + " loss mse\n optimizer " + optimizer + "\n batch 32\n epochs 2\n" + rest + "}\n");
  }

  @Test
  void countsTheArraysInTheParametersLayoutAndTheBatchBuffers() {
    MemoryFootprint sgd = MemoryFootprint.of(spec("float64", "sgd(lr: 0.1)", "")).orElseThrow();
    assertEquals(10 * 100 + 100 + 100 + 1, sgd.parameters());
    assertEquals(2, sgd.parameterArrays(), "parameters and gradients");
    assertEquals(8, sgd.elementBytes());
    assertTrue(sgd.bufferElements() >= 32 * (10 + 100 + 1), "inputs and outputs of every layer at the batch size");
    MemoryFootprint adam = MemoryFootprint.of(spec("float32", "adam(lr: 0.1)",
        " accumulate 2\n stop when validation_loss stalls for 2 epochs\n")).orElseThrow();
    assertEquals(2 + 2 + 1 + 1, adam.parameterArrays(), "adam's two slots, the accumulated sum, early stopping's best copy");
    assertEquals(4, adam.elementBytes());
    assertEquals((6L * 1201 + adam.bufferElements()) * 4, adam.trainerBytes());
  }

  @Test
  void aHeapSmallerThanTheEstimateGivesALocatedErrorWithTheXmxHint() {
    TrainerSpec spec = spec("float64", "sgd(lr: 0.1)", "");
    MemoryFootprint f = MemoryFootprint.of(spec).orElseThrow();
    assertEquals(Optional.empty(), f.check(spec, f.trainerBytes() + 1000, 1000));
    Diagnostic d = f.check(spec, 4096, 1 << 20).orElseThrow();
    assertEquals("optspec.err.memory", d.key());
    assertEquals(1, d.pos().line());
    assertTrue(d.message().startsWith("training needs about 1.1 MB, more than this JVM's maximum heap of 4.0 KB: "
        + "19 KB in 2 arrays of 1,201 float64 parameters (parameters, gradients, optimizer state), "), d.message());
    assertTrue(d.message().contains("of batch buffers (batch 32), 1.0 MB of data; give the JVM more heap "
        + "(OPTSPEC_JAVA_OPTS=-Xmx1g ./optspec ..., or java -Xmx1g -jar optspec.jar ...)"), d.message());
  }
}
