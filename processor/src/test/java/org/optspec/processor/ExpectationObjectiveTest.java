package org.optspec.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.optspec.runtime.Objective;
import org.optspec.runtime.ObjectiveReport;
import org.optspec.runtime.TrainingListener;
import org.optspec.runtime.progress.DivergenceException;
import org.optspec.spec.Diagnostic;
import org.optspec.spec.SourceText;

/**
 * Objectives that minimize an expectation ({@code minimize mean over N samples of ...}): the gradient of the estimate
 * with a step's draws is the derivative of that estimate (central differences, the draws held), the draws are fixed per
 * step whatever reads the loss, a scale that turns non-positive stops the step before the update, the report carries
 * the standard error, and float32 follows float64. The trajectories themselves are the NumPy references'
 * ({@code ReferenceTrajectoryTest}, cases mc_*).
 */
class ExpectationObjectiveTest {

  private static final Path REFERENCE = Path.of("src/test/resources/reference");

  private static String reference(String name) throws IOException {
    return Files.readString(REFERENCE.resolve(name + ".optspec"));
  }

  private static double[] live(Objective o) throws ReflectiveOperationException {
    return (double[]) o.getClass().getMethod("params").invoke(o);
  }

  private static double[] gradients(Objective o) throws ReflectiveOperationException {
    o.getClass().getMethod("computeGradients").invoke(o);
    return (double[]) o.getClass().getMethod("gradients").invoke(o);
  }

  /** Reparameterized draws, a computed scale (exp), importance weights: d(estimate)/dθ with the step's draws held. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"mc_gaussian_sgd", "mc_gaussian_adam_log_scale", "mc_gaussian_fit_plain",
      "mc_gaussian_fit_importance"})
  void theGradientIsTheDerivativeOfTheEstimateWithTheStepsDraws(String name) throws Exception {
    Objective o = LoadedObjectives.of(name + ".optspec", reference(name));
    for (int i = 0; i < 3; i++) {
      o.step();
    }
    double[] g = gradients(o);
    double[] p = live(o);
    for (int j = 0; j < p.length; j++) {
      double h = 1e-6 * Math.max(1, Math.abs(p[j]));
      double at = p[j];
      p[j] = at + h;
      double up = o.loss();
      p[j] = at - h;
      double down = o.loss();
      p[j] = at;
      double numeric = (up - down) / (2 * h);
      assertEquals(numeric, g[j], 1e-6 * Math.max(1, Math.abs(numeric)), name + " parameter " + j);
    }
  }

  @Test
  void aStepsDrawsDoNotDependOnHowOftenTheLossIsRead() throws Exception {
    String spec = reference("mc_gaussian_fit_importance");
    Objective reading = LoadedObjectives.of("a.optspec", spec);
    Objective stepping = LoadedObjectives.of("b.optspec", spec);
    for (int k = 0; k < 10; k++) {
      double before = reading.loss();
      assertEquals(before, reading.loss(), "the same draws until the step");
      assertEquals(before, reading.step(), "the step estimates with the draws loss() used");
      stepping.step();
    }
    assertArrayEquals(stepping.parameters(), reading.parameters());
    assertEquals(512, reading.samples());
  }

  @Test
  void theReportCarriesTheFinalEstimatesStandardError() throws Exception {
    Objective o = LoadedObjectives.of("fit.optspec", reference("mc_gaussian_fit_plain"));
    ObjectiveReport report = o.minimize(new TrainingListener() {});
    assertEquals(200, report.steps());
    assertTrue(report.standardError() > 0, "standard error " + report.standardError());
    assertEquals(o.lossStandardError(), report.standardError());
    assertEquals(report.loss(), o.loss());
  }

  @Test
  void aScaleThatTurnsNonPositiveStopsTheStepBeforeTheUpdate() {
    // E[(x - 3)^2] has d/dsigma ≈ 2 sigma: lr 0.9 sends sigma from 1 to about -0.8 in one step
    String spec = """
        objective Overshoot {
          seed 2
          random x ~ normal(mu, sigma)
          params {
            mu = 3
            sigma = 1
          }
          minimize mean over 64 samples of (x - 3)^2
          optimizer sgd(lr: 0.9)
          steps 5
        }
        """;
    Objective o = LoadedObjectives.of("overshoot.optspec", spec);
    o.step();
    double[] after = o.parameters();
    assertTrue(after[1] < 0, "sigma " + after[1]);
    DivergenceException e = assertThrows(DivergenceException.class, o::step);
    assertEquals(2, e.step());
    assertEquals("step 2: the scale of x is " + after[1] + ", but it must be positive", e.getMessage());
    assertArrayEquals(after, o.parameters(), "thrown before the update");
  }

  @Test
  void aFloat32ExpectationFollowsTheFloat64One() throws Exception {
    String spec = reference("mc_gaussian_fit_natural");
    Objective f64 = LoadedObjectives.of("f64.optspec", spec);
    Objective f32 = LoadedObjectives.of("f32.optspec", spec.replace("precision float64", "precision float32"));
    for (int k = 0; k < 200; k++) {
      f64.step();
      f32.step();
    }
    double[] a = f64.parameters();
    double[] b = f32.parameters();
    for (int j = 0; j < a.length; j++) {
      assertEquals(a[j], b[j], 1e-4, "parameter " + j);
    }
  }

  @Test
  void theGaussianMetricNeedsTheGaussiansParametersAndTheTrainerPathRejectsIt() {
    String spec = """
        objective NoGaussian {
          random x ~ normal(mu, 2 * s)
          params {
            mu = 0
            s = 1
          }
          minimize mean over 8 samples of (x - 3)^2
          optimizer natural_gradient(lr: 0.1, metric: gaussian)
          steps 5
        }
        """;
    CompileResult result = OptSpecCompiler.compile(new SourceText("g.optspec", spec), LoadedObjectives.PACKAGE);
    assertTrue(!result.ok());
    Diagnostic d = result.diagnostics().get(0);
    assertEquals("optspec.err.semantic", d.key());
    assertEquals(8, d.pos().line());
  }
}
