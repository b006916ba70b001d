package org.optspec.grammar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.optspec.spec.Call;
import org.optspec.spec.CheckResult;
import org.optspec.spec.Expr;
import org.optspec.spec.ObjectiveSpec;
import org.optspec.spec.Precision;
import org.optspec.spec.Spec;
import org.optspec.spec.StopRule;
import org.optspec.spec.TrainerSpec;
import org.optspec.spec.Value;

/** Every example spec parses and checks clean, and its checked content is what the text says. */
class ExampleSpecsTest {

  static Stream<Path> specFiles() {
    return SpecResources.optspecFiles(SpecResources.SPECS).stream();
  }

  @ParameterizedTest
  @MethodSource("specFiles")
  void checksCleanWithExpectedContent(Path file) {
    CheckResult result = Frontend.check(file);
    assertEquals(List.of(), result.diagnostics().stream().map(Object::toString).toList());
    assertTrue(result.ok());
    String name = file.getFileName().toString().replace(".optspec", "");
    Consumer<Spec> expectations = EXPECTATIONS.get(name);
    assertTrue(expectations != null, "no content expectations for " + name);
    expectations.accept(result.spec().orElseThrow());
  }

  @Test
  void everyExampleHasExpectations() {
    List<String> names = specFiles().map(p -> p.getFileName().toString().replace(".optspec", "")).sorted().toList();
    assertEquals(EXPECTATIONS.keySet().stream().sorted().toList(), names);
  }

  private static final Map<String, Consumer<Spec>> EXPECTATIONS = Map.of(
      "digits", ExampleSpecsTest::digits,
      "diabetes", ExampleSpecsTest::diabetes,
      "rosenbrock", ExampleSpecsTest::rosenbrock,
      "least_squares", ExampleSpecsTest::leastSquares,
      "recommender", ExampleSpecsTest::recommender,
      "sine_rnn", ExampleSpecsTest::sineRnn,
      "wide_mlp", ExampleSpecsTest::wideMlp);

  private static void digits(Spec spec) {
    TrainerSpec t = assertInstanceOf(TrainerSpec.class, spec);
    assertEquals("DigitsClassifier", t.name());
    assertEquals(Precision.FLOAT32, t.precision());
    assertEquals(42, t.seed());
    assertEquals(List.of("dense", "relu", "dropout", "dense"), t.layers().stream().map(Call::name).toList());
    assertEquals(128, t.layers().get(0).integer("units"));
    assertEquals("kaiming_normal", t.layers().get(0).call("init").name(), "he is an alias of kaiming_normal");
    assertEquals("xavier_uniform", t.layers().get(3).call("init").name(), "xavier is an alias of xavier_uniform");
    assertEquals(0.2, t.layers().get(2).number("p"));
    assertEquals(10, t.data().classes().orElseThrow());
    assertEquals(1.0 / 16, t.data().preprocessing().get(0).number("factor"));
    Call adamw = t.optimizer();
    assertEquals("adamw", adamw.name());
    assertEquals(1e-3, adamw.number("lr"));
    assertEquals(0.01, adamw.number("weight_decay"));
    assertArrayEquals(new double[] {0.9, 0.999}, adamw.numbers("betas"));
    assertEquals(1e-8, adamw.number("eps"));
    assertFalse(adamw.flag("amsgrad"));
    assertEquals("biases", t.groups().get(0).selector());
    assertEquals(new Value.Num(0), t.groups().get(0).settings().get("weight_decay"));
    List<Call> phases = t.schedule().phases();
    assertEquals(2, phases.size());
    assertEquals("warmup", phases.get(0).name());
    assertEquals(new Value.Dur(100, Value.Dur.Unit.STEPS), phases.get(0).duration("length"));
    assertEquals("linear", phases.get(0).symbol("kind"));
    assertEquals(new Value.Dur(800, Value.Dur.Unit.STEPS), phases.get(1).duration("length"));
    assertEquals(1e-5, phases.get(1).number("min_lr"));
    assertEquals("global_norm", t.clipping().get(0).name());
    assertEquals(1.0, t.clipping().get(0).number("max_norm"));
    assertEquals(32, t.batch());
    assertEquals(20, t.epochs());
    assertEquals(1, t.accumulate());
  }

  private static void diabetes(Spec spec) {
    TrainerSpec t = assertInstanceOf(TrainerSpec.class, spec);
    assertEquals(Precision.FLOAT64, t.precision());
    Call elasticNet = t.regularizers().get(0);
    assertEquals("elastic_net", elasticNet.name());
    assertEquals(1e-4, elasticNet.number("l1"));
    assertEquals(1e-3, elasticNet.number("l2"));
    assertEquals("weights", elasticNet.symbol("on"));
    Call sgd = t.optimizer();
    assertEquals("sgd", sgd.name());
    assertTrue(sgd.flag("nesterov"));
    assertEquals(0.9, sgd.number("momentum"));
    assertEquals(0, sgd.number("dampening"));
    assertEquals(0, sgd.number("weight_decay"));
    assertEquals("zeros", t.layers().get(0).call("init").name());
    assertEquals("standardize", t.data().preprocessing().get(0).name());
    Call step = t.schedule().phases().get(0);
    assertEquals(new Value.Dur(25, Value.Dur.Unit.EPOCHS), step.duration("every"));
    assertEquals(0.5, step.number("gamma"));
    assertFalse(step.has("length"), "the only phase runs to the end of training");
    assertEquals(3, t.data().split().orElseThrow().integer("seed"));
    assertFalse(t.data().isClassification());
  }

  private static void rosenbrock(Spec spec) {
    ObjectiveSpec o = assertInstanceOf(ObjectiveSpec.class, spec);
    assertEquals(2, o.params().size());
    for (ObjectiveSpec.Tensor p : o.params()) {
      assertEquals(0, p.shape().length, p.name() + " is a scalar");
    }
    assertArrayEquals(new double[] {-1.5}, o.params().get(0).values());
    assertEquals(5000, o.steps());
    StopRule stop = o.stop().orElseThrow();
    assertEquals(StopRule.Kind.BELOW, stop.kind());
    assertEquals("loss", stop.metric());
    assertEquals(1e-10, stop.threshold());
    assertEquals("nadam", o.optimizer().name());
    assertEquals(4e-3, o.optimizer().number("momentum_decay"));
    assertEquals("constant", o.schedule().phases().get(0).name(), "no schedule means constant");
    Expr.Binary sum = assertInstanceOf(Expr.Binary.class, o.minimize());
    assertEquals("+", sum.op());
    assertEquals(0, o.minimize().shape().length);
  }

  private static void leastSquares(Spec spec) {
    ObjectiveSpec o = assertInstanceOf(ObjectiveSpec.class, spec);
    ObjectiveSpec.Tensor a = o.constants().get(0);
    assertEquals("A", a.name());
    assertArrayEquals(new int[] {3, 2}, a.shape());
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, a.values());
    assertArrayEquals(new double[] {1, 0, -1}, o.constants().get(1).values());
    assertArrayEquals(new int[] {2}, o.params().get(0).shape());
    Call restarts = o.schedule().phases().get(0);
    assertEquals("cosine_restarts", restarts.name());
    assertEquals(new Value.Dur(100, Value.Dur.Unit.STEPS), restarts.duration("length"));
    assertEquals(2, restarts.number("t_mul"));
    assertEquals(700, o.steps());
  }

  private static void recommender(Spec spec) {
    TrainerSpec t = assertInstanceOf(TrainerSpec.class, spec);
    Call factorize = t.layers().get(0);
    assertEquals(20, factorize.integer("factors"));
    Call normal = factorize.call("init");
    assertEquals(0, normal.number("mean"));
    assertEquals(0.1, normal.number("std"));
    assertEquals("pairs", t.data().input().name());
    assertEquals(3, t.data().source().tuple("columns").size());
    assertEquals(0.02, t.regularizers().get(0).number("strength"));
    Call exponential = t.schedule().phases().get(0);
    assertEquals(new Value.Dur(1, Value.Dur.Unit.EPOCHS), exponential.duration("every"));
    assertEquals(0.01, t.optimizer().number("lr"));
  }

  private static void sineRnn(Spec spec) {
    TrainerSpec t = assertInstanceOf(TrainerSpec.class, spec);
    Call rnn = t.layers().get(0);
    assertEquals(64, rnn.integer("hidden"));
    assertEquals("tanh", rnn.symbol("activation"));
    Call rmsprop = t.optimizer();
    assertEquals(0.9, rmsprop.number("alpha"));
    assertEquals(1e-8, rmsprop.number("eps"));
    assertFalse(rmsprop.flag("centered"));
    assertEquals("value", t.clipping().get(0).name());
    StopRule stop = t.stop().orElseThrow();
    assertEquals(StopRule.Kind.STALLS, stop.kind());
    assertEquals(new Value.Dur(5, Value.Dur.Unit.EPOCHS), stop.patience());
    assertEquals(50, t.data().input().integer("length"));
  }

  private static void wideMlp(Spec spec) {
    TrainerSpec t = assertInstanceOf(TrainerSpec.class, spec);
    assertEquals(7, t.layers().size());
    assertEquals(4, t.accumulate());
    List<Value> transforms = t.optimizer().tuple("transforms");
    assertEquals(5, transforms.size());
    Call adam = ((Value.CallValue) transforms.get(1)).call();
    assertEquals("scale_by_adam", adam.name());
    assertEquals(0.999, adam.number("b2"));
    Call decay = ((Value.CallValue) transforms.get(2)).call();
    assertEquals(0.01, decay.number("weight_decay"));
    Call oneCycle = t.schedule().phases().get(0);
    assertEquals(new Value.Dur(30, Value.Dur.Unit.EPOCHS), oneCycle.duration("length"));
    assertEquals(25, oneCycle.number("div_factor"));
    Call prune = t.prune().orElseThrow();
    assertEquals(0.8, prune.number("final_sparsity"));
    assertEquals(new Value.Dur(50, Value.Dur.Unit.STEPS), prune.duration("every"));
    assertEquals(new Value.Dur(20, Value.Dur.Unit.EPOCHS), prune.duration("to"));
  }
}
