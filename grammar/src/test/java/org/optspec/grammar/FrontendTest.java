package org.optspec.grammar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.optspec.spec.CheckResult;
import org.optspec.spec.Expr;
import org.optspec.spec.GroupOverride;
import org.optspec.spec.ObjectiveSpec;
import org.optspec.spec.SourceText;
import org.optspec.spec.TrainerSpec;
import org.optspec.spec.Value;

/** The front door: files, phases, and checked content the example specs do not exercise. */
class FrontendTest {

  private static ObjectiveSpec objective(String body) {
    CheckResult result = Frontend.check(new SourceText("o.optspec", "objective O {\n" + body + "\n}\n"));
    assertEquals("[]", result.diagnostics().toString());
    return (ObjectiveSpec) result.spec().orElseThrow();
  }

  @Test
  void aMissingFileIsADiagnosticNamedByThePathAsGiven() {
    CheckResult result = Frontend.check(Path.of("no/such/file.optspec"));
    assertFalse(result.ok());
    assertEquals("optspec.err.io", result.diagnostics().get(0).key());
    assertTrue(result.diagnostics().get(0).headline().startsWith("no/such/file.optspec:1:1: error: cannot read"));
  }

  @Test
  void checkingStopsAfterSyntaxErrors() {
    CheckResult result = Frontend.check(new SourceText("s.optspec", "trainer T {\n  optimizer adamm(\n}\n"));
    assertTrue(result.diagnostics().stream().allMatch(d -> d.key().equals("optspec.err.syntax")));
    assertTrue(result.spec().isEmpty());
  }

  @Test
  void matrixShapesFollowMatmulAndReductions() {
    ObjectiveSpec o = objective("""
          const A[3, 2] = [[1, 2], [3, 4], [5, 6]]
          const B[2, 4] = 0.5
          params {
            w[2] = 0
            v[3] = [1, 2, 3]
          }
          minimize dot(matmul(A, w), v) + sum(matmul(A, B)) + mean(matmul(v, A)) - 2^-1
          optimizer adam
          steps 10
        """);
    assertArrayEquals(new double[] {0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5}, o.constants().get(1).values(),
        "one number fills a declared shape");
    assertArrayEquals(new double[] {0, 0}, o.params().get(0).values());
    Expr.Binary minus = assertInstanceOf(Expr.Binary.class, o.minimize());
    Expr.Binary plus = assertInstanceOf(Expr.Binary.class, minus.left());
    Expr.Binary firstPlus = assertInstanceOf(Expr.Binary.class, plus.left());
    Expr.Apply dot = assertInstanceOf(Expr.Apply.class, firstPlus.left());
    Expr.Apply matmul = assertInstanceOf(Expr.Apply.class, dot.args().get(0));
    assertArrayEquals(new int[] {3}, matmul.shape());
    Expr.Ref a = assertInstanceOf(Expr.Ref.class, matmul.args().get(0));
    assertFalse(a.isParam());
    assertTrue(((Expr.Ref) matmul.args().get(1)).isParam());
    assertEquals(0, o.minimize().shape().length);
  }

  @Test
  void groupsOfAnObjectiveSelectParametersAndUseOptimizerOptions() {
    ObjectiveSpec o = objective("""
          params {
            x = 1
            y = 2
          }
          minimize x^2 + y^2
          optimizer sgd(lr: 0.1, momentum: 0.9)
          group y { lr_scale 0.5  }
          group x { momentum 0 }
          steps 10
        """);
    List<GroupOverride> groups = o.groups();
    assertEquals("y", groups.get(0).selector());
    assertEquals(new Value.Num(0.5), groups.get(0).settings().get("lr_scale"));
    assertEquals(new Value.Num(0), groups.get(1).settings().get("momentum"));
  }

  @Test
  void scheduleLengthAliasesBecomeDurations() {
    ObjectiveSpec o = objective("""
          params { x = 1 }
          minimize x^2
          optimizer adam
          schedule constant(steps: 10) then warmup(exponential, over: 20 steps) then polynomial(length: 30 steps)
          steps 100
        """);
    List<Value> lengths = o.schedule().phases().stream().map(p -> p.get("length")).toList();
    assertEquals(List.of(new Value.Dur(10, Value.Dur.Unit.STEPS), new Value.Dur(20, Value.Dur.Unit.STEPS),
        new Value.Dur(30, Value.Dur.Unit.STEPS)), lengths);
    assertEquals(1.0 / 3, o.schedule().phases().get(1).number("start_factor"));
  }

  @Test
  void aTrainerGroupMaySelectALayerByIndex() {
    String text = """
        trainer T {
          data {
            source csv("r.csv", target: 0, header: false)
            features 3
          }
          model {
            dense(1)
          }
          loss huber
          optimizer chain(scale_by_adam(b1: 0.8), scale(-0.1))
          group 0 { b1 0.5 }
          batch 8
          epochs 1
        }
        """;
    CheckResult result = Frontend.check(new SourceText("t.optspec", text));
    assertEquals("[]", result.diagnostics().toString());
    TrainerSpec t = (TrainerSpec) result.spec().orElseThrow();
    assertEquals("0", t.groups().get(0).selector());
    assertEquals(new Value.Num(0.5), t.groups().get(0).settings().get("b1"));
    assertEquals(new Value.Num(0), t.data().source().get("target"));
    assertEquals(new Value.Bool(false), t.data().source().get("header"));
    assertEquals(1.0, t.loss().number("delta"));
    assertEquals(1, t.data().targets());
  }
}
