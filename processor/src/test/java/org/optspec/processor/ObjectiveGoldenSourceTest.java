package org.optspec.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.optspec.spec.SourceText;

/**
 * Generated objective classes compared as text with {@code src/test/resources/golden}: a matrix objective through
 * tanh and matmul with AdamW (reference case {@code adamw_plain}), and a logistic regression with sigmoid, log, dot,
 * broadcasting and a cosine schedule ({@code sched_cosine}), and the torch optimizers whose compositions carry per-group
 * scalar or per-element step state (NAdam with decoupled decay, RAdam, Rprop maximizing, ASGD with its averaged iterate), natural_gradient and adafactor;
 * expectations (mc_gaussian_*: the per-draw loop, importance weights, a computed scale, the Gaussian metric).
 * {@code GOLDEN_UPDATE=1} rewrites them.
 */
class ObjectiveGoldenSourceTest {

  private static final Path GOLDEN = Path.of("src/test/resources/golden");

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"adamw_plain:AdamwPlainTrainer", "sched_cosine:SchedCosineTrainer",
      "nadam_decoupled_weight_decay:NadamDecoupledWeightDecayTrainer", "radam_weight_decay:RadamWeightDecayTrainer",
      "rprop_maximize:RpropMaximizeTrainer", "asgd_weight_decay:AsgdWeightDecayTrainer",
      "natural_gradient_damping:NaturalGradientDampingTrainer", "adafactor_weight_decay:AdafactorWeightDecayTrainer",
      "mc_gaussian_fit_natural:McGaussianFitNaturalTrainer", "mc_gaussian_fit_importance:McGaussianFitImportanceTrainer",
      "mc_gaussian_adam_log_scale:McGaussianAdamLogScaleTrainer"})
  void generatedSourceMatchesTheGoldenFile(String caseAndClass) throws IOException {
    String[] parts = caseAndClass.split(":");
    Path spec = Path.of("src/test/resources/reference", parts[0] + ".optspec");
    CompileResult result = OptSpecCompiler.compile(
        new SourceText(spec.getFileName().toString(), Files.readString(spec, StandardCharsets.UTF_8)), GoldenSourceTest.PACKAGE);
    assertTrue(result.ok(), () -> "diagnostics: " + result.diagnostics());
    String actual = result.javaFile().get().toString();
    Path golden = GOLDEN.resolve(parts[1] + ".java");
    if ("1".equals(System.getenv("GOLDEN_UPDATE"))) {
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
    }
    assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual,
        "generated source differs from " + golden + " (GOLDEN_UPDATE=1 rewrites it)");
  }
}
