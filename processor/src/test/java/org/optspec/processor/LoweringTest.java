package org.optspec.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.optspec.processor.TestSpecs.args;
import static org.optspec.processor.TestSpecs.num;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.optspec.processor.ir.ExprNode;
import org.optspec.processor.ir.Initializer;
import org.optspec.processor.ir.Layer;
import org.optspec.processor.ir.Lowering;
import org.optspec.processor.ir.LoweringResult;
import org.optspec.processor.ir.LrSchedule;
import org.optspec.processor.ir.ObjectiveLowering;
import org.optspec.processor.ir.ObjectiveLoweringResult;
import org.optspec.processor.ir.Optimizer;
import org.optspec.processor.ir.TrainingProgram;
import org.optspec.processor.ir.Transform;
import org.optspec.processor.plan.MemoryPlan;
import org.optspec.processor.plan.MemoryPlanner;
import org.optspec.spec.Call;
import org.optspec.spec.Diagnostic;
import org.optspec.spec.ObjectiveSpec;
import org.optspec.spec.Precision;
import org.optspec.spec.Schedule;
import org.optspec.spec.SourcePos;
import org.optspec.spec.StopRule;
import org.optspec.spec.TrainerSpec;
import org.optspec.spec.Value;

class LoweringTest {

  private static TrainingProgram lower(TrainerSpec spec) {
    LoweringResult result = Lowering.lower(spec);
    assertFalse(result.hasErrors(), () -> result.diagnostics().toString());
    return result.program().get();
  }

  @Test
  void digitsLowersToTypedLayersWithStaticShapes() {
    TrainingProgram p = lower(TestSpecs.digits());
    assertEquals(List.of("dense0", "relu0", "dropout0", "dense1"), p.layers().stream().map(Layer::name).toList());
    Layer.Dense first = (Layer.Dense) p.layers().get(0);
    assertEquals(64, first.inputSize());
    assertEquals(128, first.outputSize());
    assertEquals(Initializer.Kind.NORMAL, first.weightInit().kind());
    assertEquals(Math.sqrt(2) / Math.sqrt(64), first.weightInit().b(), 1e-15);
    assertEquals(-0.125, first.biasInit().get().a(), 0);
    Layer.Dense last = (Layer.Dense) p.layers().get(3);
    assertEquals(Math.sqrt(6.0 / 138), last.weightInit().b(), 1e-15);
    assertEquals(0.2, ((Layer.Dropout) p.layers().get(2)).p(), 0);
    assertEquals(10, p.outputs());
    assertEquals(Optimizer.Kind.ADAMW, p.optimizer().kind());
    assertEquals(List.of("default", "biases"), p.optimizer().groups().stream().map(Optimizer.Group::name).toList());
    assertEquals(0.01, p.optimizer().groups().get(0).option("weight_decay"), 0);
    assertEquals(0, p.optimizer().groups().get(1).option("weight_decay"), 0);
    assertEquals(List.of("dense0.bias", "dense1.bias"), p.optimizer().groups().get(1).params());
    assertEquals(2, p.schedule().phases().size());
    assertTrue(p.schedule().phases().get(0) instanceof LrSchedule.LinearWarmup);
    assertEquals(Optional.of(1.0), p.clipGlobalNorm());
    assertEquals(15, first.origin().pos().line());
    assertEquals("dense(128, init: he)", first.origin().text());
  }

  @Test
  void digitsMemoryPlanPutsEachGroupInOneContiguousRange() {
    MemoryPlan plan = MemoryPlanner.plan(lower(TestSpecs.digits()));
    assertEquals(64 * 128 + 128 + 128 * 10 + 10, plan.parameterCount());
    assertEquals(9610, plan.parameterCount());
    assertEquals(List.of(
        new MemoryPlan.Tensor("dense0.weight", "DENSE0_WEIGHT", 0, 8192),
        new MemoryPlan.Tensor("dense1.weight", "DENSE1_WEIGHT", 8192, 1280),
        new MemoryPlan.Tensor("dense0.bias", "DENSE0_BIAS", 9472, 128),
        new MemoryPlan.Tensor("dense1.bias", "DENSE1_BIAS", 9600, 10)), plan.tensors());
    assertEquals(List.of(
        new MemoryPlan.GroupRange("default", "DEFAULT", 0, 9472),
        new MemoryPlan.GroupRange("biases", "BIASES", 9472, 9610)), plan.groups());
    Optimizer opt = lower(TestSpecs.digits()).optimizer();
    assertEquals(List.of("decay_weights_torch", "scale_by_adam_torch"), names(opt.groups().get(0).chain()));
    assertEquals(List.of("scale_by_adam_torch"), names(opt.groups().get(1).chain()), "the biases' weight decay is 0");
    assertEquals(128, plan.buffer("dense0", MemoryPlan.Buffer.Kind.OUTPUT).rowWidth());
    assertEquals(32 * 128, plan.buffer("dropout0", MemoryPlan.Buffer.Kind.MASK).length(32));
    assertEquals(32 * 10, plan.buffer("dense1", MemoryPlan.Buffer.Kind.GRADIENT).length(32));
  }

  @Test
  void diabetesPlanIsInLayerOrderWithAMomentumBuffer() {
    TrainingProgram p = lower(TestSpecs.diabetes());
    MemoryPlan plan = MemoryPlanner.plan(p);
    assertEquals(11, plan.parameterCount());
    assertEquals(List.of(
        new MemoryPlan.Tensor("dense0.weight", "DENSE0_WEIGHT", 0, 10),
        new MemoryPlan.Tensor("dense0.bias", "DENSE0_BIAS", 10, 1)), plan.tensors());
    assertEquals(List.of("scale_by_momentum_torch", "scale_by_schedule"), names(p.optimizer().groups().get(0).chain()));
    assertEquals(Precision.FLOAT64, p.precision());
    assertEquals(1e-4, p.regularizers().get(0).l1(), 0);
    assertEquals(1e-3, p.regularizers().get(0).l2(), 0);
    LrSchedule.StepDecay step = (LrSchedule.StepDecay) p.schedule().phases().get(0);
    assertEquals(new Value.Dur(25, Value.Dur.Unit.EPOCHS), step.every());
    assertTrue(p.schedule().needsStepsPerEpoch());
  }

  @Test
  void groupSelectorsPickByRoleKindNameOrIndex() {
    TestSpecs.Builder b = TestSpecs.digitsBuilder();
    b.group(new org.optspec.spec.GroupOverride("3", args("lr_scale", num(2)), b.pos("group")));
    TrainingProgram byIndex = lower(b.build());
    assertEquals(List.of("dense1.weight"), byIndex.optimizer().groups().get(2).params(), "biases are taken by the first group");
    assertEquals(2e-3, byIndex.optimizer().groups().get(2).lr(), 1e-18);

    TestSpecs.Builder kind = TestSpecs.digitsBuilder();
    kind.groups().clear();
    kind.group(new org.optspec.spec.GroupOverride("dense", args("weight_decay", num(0.5)), kind.pos("group")));
    TrainingProgram byKind = lower(kind.build());
    assertEquals(List.of("dense"), byKind.optimizer().groups().stream().map(Optimizer.Group::name).toList());
    assertEquals(4, byKind.optimizer().groups().get(0).params().size());
  }

  // ---- diagnostics --------------------------------------------------------------------------

  private static Diagnostic onlyError(TrainerSpec spec) {
    LoweringResult result = Lowering.lower(spec);
    assertTrue(result.program().isEmpty());
    List<Diagnostic> errors = result.diagnostics().stream().filter(Diagnostic::isError).toList();
    assertEquals(1, errors.size(), errors::toString);
    return errors.get(0);
  }

  @Test
  void anUnsupportedOptimizerIsReportedAtItsCall() {
    TestSpecs.Builder b = TestSpecs.digitsBuilder();
    Call unsupported = b.call("shampoo", "adamw(", args("lr", num(0.01)));
    Diagnostic d = onlyError(b.optimizer(unsupported).build());
    assertEquals(Lowering.UNSUPPORTED, d.key());
    assertEquals("shampoo is not supported yet", d.message());
    assertEquals(new SourcePos("digits.optspec", 23, 13), d.pos());
    assertEquals("  optimizer adamw(lr: 1e-3, betas: (0.9, 0.999), eps: 1e-8, weight_decay: 0.01)", d.sourceLine());
  }

  @Test
  void aTrainerStopRuleOtherThanAStalledValidationLossIsUnsupported() {
    TestSpecs.Builder b = TestSpecs.digitsBuilder();
    b.stop(new StopRule("loss", StopRule.Kind.BELOW, 0.5, null, b.pos("batch")));
    LoweringResult result = Lowering.lower(b.build());
    List<String> messages = result.diagnostics().stream().map(Diagnostic::headline).toList();
    assertTrue(result.diagnostics().stream().allMatch(d -> d.key().equals(Lowering.UNSUPPORTED) || d.key().equals(Lowering.SHAPE)),
        messages::toString);
    assertTrue(messages.contains("digits.optspec:28:3: error: a trainer stops only when validation_loss stalls for N epochs"),
        messages::toString);
  }

  @Test
  void aModelWhoseOutputDoesNotMatchTheClassesIsAShapeError() {
    TestSpecs.Builder b = TestSpecs.digitsBuilder().clearLayers();
    b.layer(b.call("dense", "dense(10", args("units", num(7))));
    Diagnostic d = onlyError(b.build());
    assertEquals(Lowering.SHAPE, d.key());
    assertEquals("the model outputs 7 values per sample but the data has 10 classes", d.message());
    assertEquals(18, d.pos().line());
  }

  @Test
  void objectivesAreLoweredByTheirOwnLowering() {
    TrainerSpec digits = TestSpecs.digits();
    ObjectiveSpec objective = new ObjectiveSpec("Parabola", digits.pos(), Precision.FLOAT64, 0, List.of(), List.of(),
        new org.optspec.spec.Expr.Literal(1, digits.pos()), digits.optimizer(), List.of(),
        new Schedule(List.of(), digits.pos()), List.of(), 10, Optional.empty(), digits.source());
    assertThrows(IllegalArgumentException.class, () -> Lowering.lower(objective));
    ObjectiveLoweringResult result = ObjectiveLowering.lower(objective);
    assertEquals(List.of(), result.diagnostics());
    assertEquals(ExprNode.Op.LITERAL, result.program().get().output().op());
  }

  @Test
  void theCompilerStopsAfterLoweringErrorsAndTurnsCrashesIntoDiagnostics() {
    TestSpecs.Builder b = TestSpecs.digitsBuilder();
    CompileResult unsupported = OptSpecCompiler.compile(b.optimizer(b.call("shampoo", "adamw(", Map.of())).build(), "p");
    assertTrue(unsupported.javaFile().isEmpty());
    assertEquals("shampoo is not supported yet", unsupported.errors().get(0).message());

    // a dense call without its required 'units' is not something the checker produces: lowering fails inside
    TestSpecs.Builder broken = TestSpecs.digitsBuilder().clearLayers();
    broken.layer(broken.call("dense", "dense(10", Map.of()));
    CompileResult crashed = OptSpecCompiler.compile(broken.build(), "p");
    assertTrue(crashed.javaFile().isEmpty());
    assertEquals(OptSpecCompiler.INTERNAL, crashed.errors().get(0).key());
    assertTrue(crashed.errors().get(0).message().contains("dense has no argument 'units'"));
  }

  private static List<String> names(List<Transform> chain) {
    return chain.stream().map(Transform::name).toList();
  }
}
