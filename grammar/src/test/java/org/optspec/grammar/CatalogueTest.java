package org.optspec.grammar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.optspec.grammar.check.Catalogue;
import org.optspec.grammar.check.Entry;
import org.optspec.grammar.check.Kind;
import org.optspec.grammar.check.Param;
import org.optspec.grammar.check.Suggestions;
import org.optspec.spec.Call;
import org.optspec.spec.CheckResult;
import org.optspec.spec.ObjectiveSpec;
import org.optspec.spec.SourceText;
import org.optspec.spec.Value;

/** The catalogue's names and PyTorch defaults, as seen through a checked spec. */
class CatalogueTest {

  /** Checks an objective whose optimizer is {@code optimizer} and returns the checked call. */
  private static Call optimizer(String optimizer) {
    String text = "objective O {\n  params { x = 1 }\n  minimize x^2\n  optimizer " + optimizer + "\n  steps 10\n}\n";
    CheckResult result = Frontend.check(new SourceText("o.optspec", text));
    assertEquals("[]", result.diagnostics().toString());
    return ((ObjectiveSpec) result.spec().orElseThrow()).optimizer();
  }

  static Stream<Arguments> torchDefaults() {
    return Stream.of(
        Arguments.of("sgd", Map.of("lr", 1e-3, "momentum", 0.0, "dampening", 0.0, "weight_decay", 0.0)),
        Arguments.of("adam", Map.of("lr", 1e-3, "eps", 1e-8, "weight_decay", 0.0)),
        Arguments.of("adamw", Map.of("lr", 1e-3, "eps", 1e-8, "weight_decay", 1e-2)),
        Arguments.of("adagrad", Map.of("lr", 1e-2, "lr_decay", 0.0, "initial_accumulator_value", 0.0, "eps", 1e-10)),
        Arguments.of("rmsprop", Map.of("lr", 1e-2, "alpha", 0.99, "eps", 1e-8, "momentum", 0.0)),
        Arguments.of("adadelta", Map.of("lr", 1.0, "rho", 0.9, "eps", 1e-6)),
        Arguments.of("adamax", Map.of("lr", 2e-3, "eps", 1e-8)),
        Arguments.of("nadam", Map.of("lr", 2e-3, "eps", 1e-8, "momentum_decay", 4e-3)),
        Arguments.of("radam", Map.of("lr", 1e-3, "eps", 1e-8)),
        Arguments.of("rprop", Map.of("lr", 1e-2)),
        Arguments.of("asgd", Map.of("lr", 1e-2, "lambd", 1e-4, "alpha", 0.75, "t0", 1e6)),
        Arguments.of("adafactor", Map.of("lr", 1e-2, "beta2_decay", -0.8, "d", 1.0, "weight_decay", 0.0)),
        Arguments.of("lion", Map.of("lr", 1e-4, "weight_decay", 0.0)),
        Arguments.of("lars", Map.of("lr", 1e-3, "momentum", 0.9, "trust_coefficient", 1e-3)),
        Arguments.of("lamb", Map.of("lr", 1e-3, "eps", 1e-6)),
        Arguments.of("natural_gradient", Map.of("lr", 1e-3, "damping", 1e-3)));
  }

  @ParameterizedTest
  @MethodSource("torchDefaults")
  void bareOptimizerGetsTorchDefaults(String name, Map<String, Double> expected) {
    Call call = optimizer(name);
    assertEquals(name, call.name());
    expected.forEach((param, value) -> assertEquals(value, call.number(param), name + " " + param));
  }

  @Test
  void tupleDefaults() {
    assertArrayEquals(new double[] {0.9, 0.999}, optimizer("adam").numbers("betas"));
    assertArrayEquals(new double[] {0.9, 0.99}, optimizer("lion").numbers("betas"));
    assertArrayEquals(new double[] {0.5, 1.2}, optimizer("rprop").numbers("etas"));
    assertArrayEquals(new double[] {1e-6, 50}, optimizer("rprop").numbers("step_sizes"));
    assertEquals(new Value.Tuple(java.util.List.of(new Value.Sym("none"), new Value.Num(1e-3))),
        optimizer("adafactor").get("eps"));
  }

  @Test
  void positionalArgumentsAndAliasesAreCanonical() {
    Call adam = optimizer("adam(learning_rate: 0.05)");
    assertEquals(0.05, adam.number("lr"));
    assertFalse(adam.has("learning_rate"));
    Call sgd = optimizer("sgd(0.1, 0.9)");
    assertEquals(0.1, sgd.number("lr"));
    assertEquals(0.9, sgd.number("momentum"));
    assertEquals(java.util.List.of("lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize"),
        java.util.List.copyOf(sgd.args().keySet()));
  }

  @Test
  void everyEntryWithoutRequiredParametersChecksBare() {
    for (Kind kind : Kind.values()) {
      for (Entry entry : Catalogue.entries(kind)) {
        if (entry.params().stream().noneMatch(Param::required)) {
          for (Param p : entry.params()) {
            assertTrue(p.defaultValue().isPresent() || !p.required(), entry.name() + " " + p.name());
          }
        }
        assertEquals(entry, Catalogue.lookup(kind, entry.name()).orElseThrow());
        entry.aliases().forEach(alias -> assertEquals(entry, Catalogue.lookup(kind, alias).orElseThrow()));
      }
    }
    assertEquals("kaiming_normal", Catalogue.lookup(Kind.INIT, "he").orElseThrow().name());
    assertEquals("softmax_cross_entropy", Catalogue.lookup(Kind.LOSS, "cross_entropy").orElseThrow().name());
  }

  @Test
  void suggestionsPreferTheNearestName() {
    assertEquals("; did you mean 'adam'?", Suggestions.didYouMean("adamm", Catalogue.names(Kind.OPTIMIZER)));
    assertEquals("; did you mean 'adamw'?", Suggestions.didYouMean("admaw", Catalogue.names(Kind.OPTIMIZER)));
    assertEquals("", Suggestions.didYouMean("gradient_descent", Catalogue.names(Kind.OPTIMIZER)));
  }
}
