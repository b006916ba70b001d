package org.optspec.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.optspec.grammar.Frontend;
import org.optspec.spec.CheckResult;
import org.optspec.spec.TrainerSpec;

/**
 * The generated sources of the two shipped specs, of a fused chain (wide_mlp's optimizer on dense layers) and of the
 * sine sample's tanh RNN (time-major states, one product per weight gradient), compared as text with the files under
 * {@code src/test/resources/golden}. Run with {@code GOLDEN_UPDATE=1} to rewrite them after an
 * intended change, then read the diff.
 */
class GoldenSourceTest {

  static final String PACKAGE = "org.optspec.generated";
  private static final Path GOLDEN = Path.of("src/test/resources/golden");

  static Stream<Arguments> specs() {
    return Stream.of(
        Arguments.of("DigitsClassifierTrainer", TestSpecs.digits()),
        Arguments.of("DiabetesRegressionTrainer", TestSpecs.diabetes()),
        Arguments.of("WideChainTrainer", checked("wide_chain.optspec")),
        Arguments.of("SineForecasterTrainer", checked("sine_rnn.optspec")));
  }

  /** A spec of {@code src/test/resources/specs} through the real checker. */
  private static TrainerSpec checked(String file) {
    CheckResult checked = Frontend.check(TestSpecs.resource(file));
    assertTrue(checked.ok(), () -> "diagnostics: " + checked.diagnostics());
    return (TrainerSpec) checked.spec().get();
  }

  /** The inference models of the same specs, each beside its trainer. */
  static Stream<Arguments> models() {
    return Stream.of(
        Arguments.of("DigitsClassifierModel", TestSpecs.digits()),
        Arguments.of("DiabetesRegressionModel", TestSpecs.diabetes()),
        Arguments.of("SineForecasterModel", checked("sine_rnn.optspec")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void generatedModelMatchesTheGoldenFile(String className, TrainerSpec spec) throws IOException {
    CompileResult result = OptSpecCompiler.compile(spec, PACKAGE);
    assertTrue(result.ok(), () -> "diagnostics: " + result.diagnostics());
    compare(className, result.modelFile().get().toString());
  }

  private static void compare(String className, String actual) throws IOException {
    Path golden = GOLDEN.resolve(className + ".java");
    if ("1".equals(System.getenv("GOLDEN_UPDATE"))) {
      Files.createDirectories(GOLDEN);
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
    }
    assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual,
        "generated source differs from " + golden + " (GOLDEN_UPDATE=1 rewrites it)");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specs")
  void generatedSourceMatchesTheGoldenFile(String className, TrainerSpec spec) throws IOException {
    CompileResult result = OptSpecCompiler.compile(spec, PACKAGE);
    assertTrue(result.ok(), () -> "diagnostics: " + result.diagnostics());
    compare(className, result.javaFile().get().toString());
  }
}
