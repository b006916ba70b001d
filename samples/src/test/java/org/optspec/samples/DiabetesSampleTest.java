package org.optspec.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.junit.jupiter.api.Test;
import org.optspec.runtime.Dataset;
import org.optspec.runtime.Metrics;
import org.optspec.runtime.TrainingListener;
import org.optspec.runtime.data.Splits;
import org.optspec.samples.diabetes.Diabetes;
import org.optspec.samples.diabetes.DiabetesRegressionTrainer;

class DiabetesSampleTest {

  private static final Splits DATA = DiabetesRegressionTrainer.data().load(Diabetes.class);

  @Test
  void testR2IsWithin002OfTheClosedFormLeastSquaresSolution() {
    DiabetesRegressionTrainer trainer = new DiabetesRegressionTrainer();
    trainer.fit(DATA.train(), DATA.validation(), TrainingListener.NONE);
    Metrics test = trainer.evaluate(DATA.test());

    double leastSquaresR2 = r2(DATA.test(), leastSquares(DATA.train()));
    assertTrue(leastSquaresR2 > 0.3, "sanity: least squares explains the data, r2 " + leastSquaresR2);
    assertEquals(leastSquaresR2, test.get("r2"), 0.02, "trained " + test + " vs least squares r2 " + leastSquaresR2);
    assertEquals(Math.sqrt(test.get("mse")), test.get("rmse"), 1e-12);
  }

  @Test
  void float32VariantReachesTheSameFit() {
    Diabetes32Trainer a = new Diabetes32Trainer();
    a.fit(DATA.train(), DATA.validation(), TrainingListener.NONE);
    double leastSquaresR2 = r2(DATA.test(), leastSquares(DATA.train()));
    assertEquals(leastSquaresR2, a.evaluate(DATA.test()).get("r2"), 0.02);

    Diabetes32Trainer b = new Diabetes32Trainer();
    b.fit(DATA.train(), DATA.validation(), TrainingListener.NONE);
    assertArrayEquals(a.parameters(), b.parameters());
  }

  /** Ordinary least squares with an intercept, solved by QR: coefficients [intercept, w1..wd]. */
  static double[] leastSquares(Dataset train) {
    int n = train.rows();
    int d = train.inputs();
    DMatrixRMaj design = new DMatrixRMaj(n, d + 1);
    DMatrixRMaj target = new DMatrixRMaj(n, 1);
    for (int i = 0; i < n; i++) {
      design.set(i, 0, 1.0);
      for (int j = 0; j < d; j++) {
        design.set(i, j + 1, train.x()[i * d + j]);
      }
      target.set(i, 0, train.y()[i]);
    }
    LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.leastSquares(n, d + 1);
    assertTrue(solver.setA(design), "design matrix is singular");
    DMatrixRMaj coefficients = new DMatrixRMaj(d + 1, 1);
    solver.solve(target, coefficients);
    return coefficients.getData();
  }

  static double r2(Dataset data, double[] coefficients) {
    int d = data.inputs();
    double mean = 0;
    for (int i = 0; i < data.rows(); i++) {
      mean += data.y()[i];
    }
    mean /= data.rows();
    double sse = 0;
    double sst = 0;
    for (int i = 0; i < data.rows(); i++) {
      double prediction = coefficients[0];
      for (int j = 0; j < d; j++) {
        prediction += coefficients[j + 1] * data.x()[i * d + j];
      }
      double y = data.y()[i];
      sse += (y - prediction) * (y - prediction);
      sst += (y - mean) * (y - mean);
    }
    return 1 - sse / sst;
  }
}
