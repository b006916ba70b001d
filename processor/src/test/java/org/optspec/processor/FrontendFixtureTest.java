package org.optspec.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.optspec.grammar.Frontend;
import org.optspec.spec.CheckResult;
import org.optspec.spec.TrainerSpec;

/**
 * The hand-built fixtures are what the real checker produces for the shipped specs, and the whole
 * pipeline from text gives the same golden source.
 */
class FrontendFixtureTest {

  static Stream<Arguments> specs() {
    return Stream.of(
        Arguments.of("digits.optspec", TestSpecs.digits()),
        Arguments.of("diabetes.optspec", TestSpecs.diabetes()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specs")
  void theCheckerBuildsTheFixture(String file, TrainerSpec fixture) {
    CheckResult checked = Frontend.check(TestSpecs.resource(file));
    assertTrue(checked.ok(), () -> "diagnostics: " + checked.diagnostics());
    TrainerSpec actual = (TrainerSpec) checked.spec().get();
    assertEquals(fixture.data(), actual.data());
    assertEquals(fixture.layers(), actual.layers());
    assertEquals(fixture.loss(), actual.loss());
    assertEquals(fixture.regularizers(), actual.regularizers());
    assertEquals(fixture.optimizer(), actual.optimizer());
    assertEquals(fixture.groups(), actual.groups());
    assertEquals(fixture.schedule(), actual.schedule());
    assertEquals(fixture.clipping(), actual.clipping());
    assertEquals(fixture, actual);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specs")
  void compilingTheTextGivesTheGoldenSource(String file, TrainerSpec fixture) {
    CompileResult fromText = OptSpecCompiler.compile(TestSpecs.resource(file), GoldenSourceTest.PACKAGE);
    CompileResult fromFixture = OptSpecCompiler.compile(fixture, GoldenSourceTest.PACKAGE);
    assertTrue(fromText.ok(), () -> "diagnostics: " + fromText.diagnostics());
    assertEquals(fromFixture.javaFile().get().toString(), fromText.javaFile().get().toString());
  }
}
