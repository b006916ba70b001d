package org.optspec.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.optspec.processor.TestSpecs.args;
import static org.optspec.processor.TestSpecs.bool;
import static org.optspec.processor.TestSpecs.call;
import static org.optspec.processor.TestSpecs.epochs;
import static org.optspec.processor.TestSpecs.num;
import static org.optspec.processor.TestSpecs.steps;
import static org.optspec.processor.TestSpecs.sym;
import static org.optspec.processor.TestSpecs.tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.optspec.runtime.Dataset;
import org.optspec.runtime.Metrics;
import org.optspec.runtime.TrainingListener;
import org.optspec.runtime.TrainingReport;
import org.optspec.runtime.data.DataPipeline;
import org.optspec.runtime.data.Splits;
import org.optspec.runtime.kernels.Parallel;
import org.optspec.spec.Call;
import org.optspec.spec.GroupOverride;
import org.optspec.spec.Precision;

/** Generated trainers compiled in memory and run: gradients, optimizers, schedules, clipping, learning. */
class GeneratedTrainerTest {

  // ---- specs --------------------------------------------------------------------------------

  private static Call dense(TestSpecs.Builder b, int units) {
    return b.call("dense", "trainer", args("units", num(units), "bias", bool(true)));
  }

  private static Call simple(TestSpecs.Builder b, String name) {
    return b.call(name, "trainer", Map.of());
  }

  private static Call sgd(TestSpecs.Builder b, double lr, double momentum, double weightDecay, boolean nesterov) {
    return b.call("sgd", "trainer", args("lr", num(lr), "momentum", num(momentum), "dampening", num(0),
        "weight_decay", num(weightDecay), "nesterov", bool(nesterov), "maximize", bool(false)));
  }

  private static Call adam(TestSpecs.Builder b, String name, double lr, double weightDecay, boolean amsgrad) {
    return b.call(name, "trainer", args("lr", num(lr), "betas", tuple(num(0.9), num(0.999)), "eps", num(1e-8),
        "weight_decay", num(weightDecay), "amsgrad", bool(amsgrad), "maximize", bool(false)));
  }

  /** 4 inputs → dense(5) → relu → dense(3) → softmax cross-entropy, float64. */
  private static TestSpecs.Builder classifier() {
    TestSpecs.Builder b = TestSpecs.synthetic("Tiny").features(4).classes(3);
    return b.layer(dense(b, 5)).layer(simple(b, "relu")).layer(dense(b, 3))
        .loss(simple(b, "softmax_cross_entropy"))
        .optimizer(sgd(b, 0.1, 0, 0, false));
  }

  /** 3 inputs → dense(4) → relu → dense(2) → mse with elastic net on all tensors, float64. */
  private static TestSpecs.Builder regression() {
    TestSpecs.Builder b = TestSpecs.synthetic("TinyRegression").features(3).targets(2);
    return b.layer(dense(b, 4)).layer(simple(b, "relu")).layer(dense(b, 2))
        .loss(simple(b, "mse"))
        .regularizer(b.call("elastic_net", "trainer", args("l1", num(0.01), "l2", num(0.02), "on", sym("all"))))
        .optimizer(sgd(b, 0.1, 0, 0, false));
  }

  /** One input → dense(1): a line, for optimizer arithmetic by hand. */
  private static TestSpecs.Builder line(Call optimizer) {
    TestSpecs.Builder b = TestSpecs.synthetic("Line").features(1).targets(1);
    return b.layer(dense(b, 1)).loss(simple(b, "mse")).optimizer(optimizer);
  }

  // ---- gradients ----------------------------------------------------------------------------

  @Test
  void softmaxCrossEntropyGradientMatchesCentralDifferences() {
    LoadedTrainer t = LoadedTrainer.of(classifier().build());
    Random random = new Random(1);
    int n = 6;
    double[] x = gaussian(random, n * 4);
    double[] y = {0, 2, 1, 1, 0, 2};
    assertGradientMatchesFiniteDifferences(t, x, y, n, false);
  }

  @Test
  void mseWithElasticNetGradientMatchesCentralDifferences() {
    LoadedTrainer t = LoadedTrainer.of(regression().build());
    Random random = new Random(2);
    int n = 5;
    double[] x = gaussian(random, n * 3);
    double[] y = gaussian(random, n * 2);
    assertGradientMatchesFiniteDifferences(t, x, y, n, true);
  }

  @Test
  void gradientAtTheDigitsShapesMatchesCentralDifferences() {
    TestSpecs.Builder b = TestSpecs.synthetic("Wide").features(64).classes(10).batch(32);
    b.layer(dense(b, 128)).layer(simple(b, "relu")).layer(dense(b, 10))
        .loss(simple(b, "softmax_cross_entropy")).optimizer(sgd(b, 0.1, 0, 0, false));
    LoadedTrainer t = LoadedTrainer.of(b.build());
    Random random = new Random(4);
    int n = 32;
    double[] x = gaussian(random, n * 64);
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = random.nextInt(10);
    }
    assertGradientMatchesFiniteDifferences(t, x, y, n, false);
  }

  // ---- one linear output on mse: the fused pass (DenseMseEmitter) -----------------------------

  /** {@code features} inputs → dense(1) → mse, batch 16. */
  private static TestSpecs.Builder linear(int features, boolean bias, Precision precision) {
    TestSpecs.Builder b = TestSpecs.synthetic("Linear" + features).features(features).targets(1).batch(16).precision(precision);
    return b.layer(b.call("dense", "trainer", args("units", num(1), "bias", bool(bias))))
        .loss(simple(b, "mse")).optimizer(sgd(b, 0.1, 0, 0, false));
  }

  @Test
  void theFusedLinearMsePassIsTheLayerByLayerArithmeticToTheBit() {
    for (Precision precision : new Precision[] {Precision.FLOAT32, Precision.FLOAT64}) {
      for (boolean bias : new boolean[] {true, false}) {
        LoadedTrainer t = LoadedTrainer.of(linear(5, bias, precision).build());
        assertTrue(hasMethod(t, "dense0MseGradients"), "one dense output of 5 inputs on mse takes the fused pass");
        Random random = new Random(bias ? 21 : 22);
        int n = 13;  // fewer rows than the batch
        int count = t.trainer.parameterCount();
        for (int i = 0; i < count; i++) {
          t.setParam(i, random.nextGaussian());
        }
        double[] x = gaussian(random, n * 5);
        double[] y = gaussian(random, n);
        double loss = t.computeGradients(x, y, n);
        double[] expected = new double[count + 1];
        if (precision == Precision.FLOAT32) {
          layerByLayerFloat(t, x, y, n, bias, expected);
        } else {
          layerByLayerDouble(t, x, y, n, bias, expected);
        }
        assertArrayEquals(java.util.Arrays.copyOf(expected, count), t.gradients(), precision + ", bias " + bias);
        assertEquals(expected[count], loss, precision + ", bias " + bias);
      }
    }
  }

  @Test
  void theFusedLinearMsePassMatchesCentralDifferencesAndTheUnfusedPath() {
    LoadedTrainer fused = LoadedTrainer.of(linear(16, true, Precision.FLOAT64).build());
    LoadedTrainer unfused = LoadedTrainer.of(linear(17, true, Precision.FLOAT64).build());
    assertTrue(hasMethod(fused, "dense0MseGradients"));
    assertTrue(!hasMethod(unfused, "dense0MseGradients"), "17 inputs are more than the fused pass unrolls");
    Random random = new Random(23);
    int n = 16;
    double[] x = gaussian(random, n * 16);
    double[] y = gaussian(random, n);
    assertGradientMatchesFiniteDifferences(fused, x, y, n, false);
    // the same problem through the layer-by-layer path: input 17 is all zeros with a zero weight
    double[] x17 = new double[n * 17];
    for (int r = 0; r < n; r++) {
      System.arraycopy(x, r * 16, x17, r * 17, 16);
    }
    for (int i = 0; i < 16; i++) {
      unfused.setParam(i, fused.param(i));
    }
    unfused.setParam(16, 0);
    unfused.setParam(17, fused.param(16));
    double fusedLoss = fused.computeGradients(x, y, n);
    double unfusedLoss = unfused.computeGradients(x17, y, n);
    assertEquals(unfusedLoss, fusedLoss, 1e-15 * unfusedLoss);
    double[] a = fused.gradients();
    double[] b = unfused.gradients();
    for (int i = 0; i < 16; i++) {
      assertEquals(b[i], a[i], 1e-14, "weight " + i);
    }
    assertEquals(b[17], a[16], 1e-14, "bias");
  }

  private static boolean hasMethod(LoadedTrainer t, String name) {
    for (var m : t.type.getDeclaredMethods()) {
      if (m.getName().equals(name)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Forward (products in ascending input order, then the bias), mse (double), dW (float sums over ascending
   * rows), db (double sum): what Gemm.nt, dataLoss, Gemm.tn and the bias sum compute. The loss goes last.
   */
  private static void layerByLayerFloat(LoadedTrainer t, double[] x, double[] y, int n, boolean bias, double[] out) {
    finish(sumsFloat(t, x, y, 0, n, n, bias), n, bias, true, out);
  }

  private static void layerByLayerDouble(LoadedTrainer t, double[] x, double[] y, int n, boolean bias, double[] out) {
    finish(sumsDouble(t, x, y, 0, n, n, bias), n, bias, false, out);
  }

  /**
   * The chunked order of a large batch ({@code DenseMseEmitter.CHUNKS} row ranges n·c/8 .. n·(c+1)/8): each
   * range's layer-by-layer sums, then the ranges' sums added in range order, each in its own precision.
   */
  private static void chunkedLayerByLayer(LoadedTrainer t, double[] x, double[] y, int n, boolean bias, boolean f32, double[] out) {
    int chunks = 8;
    float[] gf = new float[5];
    double[] gd = new double[5];
    double gb = 0;
    double total = 0;
    for (int c = 0; c < chunks; c++) {
      int from = (int) ((long) n * c / chunks);
      int to = (int) ((long) n * (c + 1) / chunks);
      double[] part = f32 ? sumsFloat(t, x, y, from, to, n, bias) : sumsDouble(t, x, y, from, to, n, bias);
      for (int p = 0; p < 5; p++) {
        gf[p] += (float) part[p];
        gd[p] += part[p];
      }
      gb += part[5];
      total += part[6];
    }
    double[] sums = new double[7];
    for (int p = 0; p < 5; p++) {
      sums[p] = f32 ? gf[p] : gd[p];
    }
    sums[5] = gb;
    sums[6] = total;
    finish(sums, n, bias, f32, out);
  }

  /** Gradients (the bias in the parameters' precision) and the mean loss, last, from {@link #sumsFloat}'s sums. */
  private static void finish(double[] sums, int n, boolean bias, boolean f32, double[] out) {
    System.arraycopy(sums, 0, out, 0, 5);
    if (bias) {
      out[5] = f32 ? (float) sums[5] : sums[5];
    }
    out[out.length - 1] = sums[6] / n;
  }

  /** Rows [from, to) of a batch of n, float32: dW sums (float), db sum (double), loss total (double). */
  private static double[] sumsFloat(LoadedTrainer t, double[] x, double[] y, int from, int to, int n, boolean bias) {
    int in = 5;
    float[] gw = new float[in];
    double gb = 0;
    double total = 0;
    for (int r = from; r < to; r++) {
      float s = 0f;
      for (int p = 0; p < in; p++) {
        s += (float) x[r * in + p] * (float) t.param(p);
      }
      float prediction = bias ? s + (float) t.param(in) : s;
      double diff = (double) prediction - (float) y[r];
      total += diff * diff;
      float g = (float) (diff * (2.0 / n));
      for (int p = 0; p < in; p++) {
        gw[p] += g * (float) x[r * in + p];
      }
      gb += g;
    }
    return new double[] {gw[0], gw[1], gw[2], gw[3], gw[4], gb, total};
  }

  /** Rows [from, to) of a batch of n, float64: dW sums, db sum, loss total. */
  private static double[] sumsDouble(LoadedTrainer t, double[] x, double[] y, int from, int to, int n, boolean bias) {
    int in = 5;
    double[] gw = new double[in];
    double gb = 0;
    double total = 0;
    for (int r = from; r < to; r++) {
      double s = 0;
      for (int p = 0; p < in; p++) {
        s += x[r * in + p] * t.param(p);
      }
      double prediction = bias ? s + t.param(in) : s;
      double diff = prediction - y[r];
      total += diff * diff;
      double g = diff * (2.0 / n);
      for (int p = 0; p < in; p++) {
        gw[p] += g * x[r * in + p];
      }
      gb += g;
    }
    return new double[] {gw[0], gw[1], gw[2], gw[3], gw[4], gb, total};
  }

  /** W1's shape on a smaller batch: 5 inputs → dense(1) → mse, batch 4096 (from 2048 rows the pass is split). */
  private static TestSpecs.Builder largeLinear(boolean bias, Precision precision) {
    TestSpecs.Builder b = TestSpecs.synthetic("LargeLinear").features(5).targets(1).batch(4096).precision(precision);
    return b.layer(b.call("dense", "trainer", args("units", num(1), "bias", bool(bias))))
        .loss(simple(b, "mse")).optimizer(sgd(b, 0.1, 0, 0, false));
  }

  @Test
  void theSplitLinearMsePassIsTheChunkedLayerByLayerArithmeticToTheBit() {
    for (Precision precision : new Precision[] {Precision.FLOAT32, Precision.FLOAT64}) {
      for (boolean bias : new boolean[] {true, false}) {
        LoadedTrainer t = LoadedTrainer.of(largeLinear(bias, precision).build());
        assertTrue(hasMethod(t, "dense0MseRows"), "a batch of 4096 rows takes the split form of the fused pass");
        boolean f32 = precision == Precision.FLOAT32;
        Random random = new Random(bias ? 31 : 32);
        int count = t.trainer.parameterCount();
        for (int i = 0; i < count; i++) {
          t.setParam(i, random.nextGaussian());
        }
        double[] x = gaussian(random, 4096 * 5);
        double[] y = gaussian(random, 4096);
        // below the split threshold: one range on the caller, the single pass's arithmetic
        int small = 2047;
        double loss = t.computeGradients(x, y, small);
        double[] expected = new double[count + 1];
        if (f32) {
          layerByLayerFloat(t, x, y, small, bias, expected);
        } else {
          layerByLayerDouble(t, x, y, small, bias, expected);
        }
        assertArrayEquals(java.util.Arrays.copyOf(expected, count), t.gradients(), precision + ", bias " + bias + ", 2047 rows");
        assertEquals(expected[count], loss, precision + ", bias " + bias + ", 2047 rows");
        // from the threshold on: eight fixed row ranges, their sums added in range order
        for (int n : new int[] {2048, 3001, 4096}) {
          loss = t.computeGradients(x, y, n);
          chunkedLayerByLayer(t, x, y, n, bias, f32, expected);
          assertArrayEquals(java.util.Arrays.copyOf(expected, count), t.gradients(), precision + ", bias " + bias + ", " + n + " rows");
          assertEquals(expected[count], loss, precision + ", bias " + bias + ", " + n + " rows");
          // and the reassociation is all that separates it from the single pass: float32 rounding of 8 partial sums
          double[] single = new double[count + 1];
          if (f32) {
            layerByLayerFloat(t, x, y, n, bias, single);
          } else {
            layerByLayerDouble(t, x, y, n, bias, single);
          }
          for (int i = 0; i <= count; i++) {
            assertEquals(single[i], expected[i], (f32 ? 1e-4 : 1e-12) * (1 + Math.abs(single[i])), "index " + i);
          }
        }
      }
    }
  }

  @Test
  void theSplitLinearMsePassGivesTheSameParametersOnOneThreadAndOnTwo() throws Exception {
    assertTrue(Parallel.threads() >= 2, "this case needs the pool to have a worker thread (two processors or"
        + " -Doptspec.threads=2), it has " + Parallel.threads());
    Random random = new Random(41);
    int n = 4096;
    double[] x = gaussian(random, n * 5);
    double[] y = new double[n];
    for (int r = 0; r < n; r++) {
      y[r] = 0.5 * x[r * 5] - 2 * x[r * 5 + 3] + 0.1 * random.nextGaussian() + 1;
    }
    for (Precision precision : new Precision[] {Precision.FLOAT32, Precision.FLOAT64}) {
      LoadedTrainer split = LoadedTrainer.of(largeLinear(true, precision).build());
      LoadedTrainer serial = LoadedTrainer.of(largeLinear(true, precision).build());
      for (int i = 0; i < 6; i++) {
        serial.setParam(i, split.param(i));
      }
      double[] splitLosses = new double[30];
      for (int s = 0; s < splitLosses.length; s++) {
        splitLosses[s] = split.step(x, y, s % 3 == 2 ? 3001 : n);
      }
      PoolHeld.run(() -> {
        for (int s = 0; s < splitLosses.length; s++) {
          assertEquals(splitLosses[s], serial.step(x, y, s % 3 == 2 ? 3001 : n), precision + ", loss of step " + s);
        }
      });
      for (int i = 0; i < 6; i++) {
        assertEquals(split.param(i), serial.param(i), precision + ", parameter " + i);
      }
      assertTrue(splitLosses[29] < 0.5 * splitLosses[0], precision + ": training moved the parameters, loss " + splitLosses[0] + " → " + splitLosses[29]);
    }
  }

  @Test
  void aDenseLayerWithoutBiasHasOnlyItsWeightAndCorrectGradients() {
    TestSpecs.Builder b = TestSpecs.synthetic("NoBias").features(4).classes(3);
    b.layer(b.call("dense", "trainer", args("units", num(5), "bias", bool(false))))
        .layer(simple(b, "relu")).layer(dense(b, 3))
        .loss(simple(b, "softmax_cross_entropy")).optimizer(sgd(b, 0.1, 0, 0, false));
    LoadedTrainer t = LoadedTrainer.of(b.build());
    assertEquals(4 * 5 + 5 * 3 + 3, t.trainer.parameterCount());
    Random random = new Random(11);
    assertGradientMatchesFiniteDifferences(t, gaussian(random, 4 * 4), new double[] {2, 1, 0, 1}, 4, false);
  }

  @Test
  void float32GradientsAgreeWithFloat64OnTheSameModelWithDropout() {
    TestSpecs.Builder single = blobClassifier();
    TestSpecs.Builder twice = blobClassifier().precision(Precision.FLOAT64);
    LoadedTrainer f32 = LoadedTrainer.of(single.build());
    LoadedTrainer f64 = LoadedTrainer.of(twice.build());
    Random random = new Random(12);
    double[] x = gaussian(random, 16 * 2);
    double[] y = new double[16];
    for (int i = 0; i < 16; i++) {
      y[i] = i % 3;
    }
    assertEquals(f64.computeGradients(x, y, 16), f32.computeGradients(x, y, 16), 1e-5);
    double[] a = f32.gradients();
    double[] b = f64.gradients();
    for (int i = 0; i < a.length; i++) {
      assertEquals(b[i], a[i], 1e-5, "gradient " + i + " (same initial draws, same dropout masks)");
    }
  }

  private static void assertGradientMatchesFiniteDifferences(LoadedTrainer t, double[] x, double[] y, int n, boolean regularized) {
    t.computeGradients(x, y, n);
    double[] analytic = t.gradients();
    int count = t.trainer.parameterCount();
    double[] numeric = new double[count];
    double h = 1e-6;
    for (int i = 0; i < count; i++) {
      double p = t.param(i);
      t.setParam(i, p + h);
      double plus = t.loss(x, y, n) + (regularized ? t.regularization() : 0);
      t.setParam(i, p - h);
      double minus = t.loss(x, y, n) + (regularized ? t.regularization() : 0);
      t.setParam(i, p);
      numeric[i] = (plus - minus) / (2 * h);
    }
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < count; i++) {
      diff += (analytic[i] - numeric[i]) * (analytic[i] - numeric[i]);
      norm += analytic[i] * analytic[i] + numeric[i] * numeric[i];
    }
    double relative = Math.sqrt(diff) / Math.sqrt(norm);
    assertTrue(norm > 1e-6, "gradient is not trivially zero");
    assertTrue(relative < 1e-6, "relative error " + relative);
    for (int i = 0; i < count; i++) {
      assertEquals(numeric[i], analytic[i], 1e-7, "parameter " + i);
    }
  }

  // ---- optimizers on a line: y = w·x + b, mse, one row ---------------------------------------

  /** Sets w, b and takes steps on x = 1, y = 0, so the gradient is (2(w + b), 2(w + b)). */
  private static LoadedTrainer lineAt(Call optimizer, double w, double b) {
    LoadedTrainer t = LoadedTrainer.of(line(optimizer).build());
    t.setParam(t.offset("DENSE0_WEIGHT"), w);
    t.setParam(t.offset("DENSE0_BIAS"), b);
    return t;
  }

  @Test
  void sgdWithMomentumMatchesTorchByHand() {
    TestSpecs.Builder b = TestSpecs.synthetic("Line");
    LoadedTrainer t = lineAt(sgd(b, 0.1, 0.9, 0, false), 1, 0);
    // step 1: g = 2, buf = g = 2, p -= 0.1 · 2
    assertEquals(1.0, t.step(new double[] {1}, new double[] {0}, 1), 1e-15);
    assertEquals(0.8, t.param(0), 1e-15);
    assertEquals(-0.2, t.param(1), 1e-15);
    // step 2: pred 0.6, g = 1.2, buf = 0.9 · 2 + 1.2 = 3, p -= 0.1 · 3
    t.step(new double[] {1}, new double[] {0}, 1);
    assertEquals(0.5, t.param(0), 1e-15);
    assertEquals(-0.5, t.param(1), 1e-15);
  }

  @Test
  void sgdNesterovWithWeightDecayMatchesTorchByHand() {
    TestSpecs.Builder b = TestSpecs.synthetic("Line");
    LoadedTrainer t = lineAt(sgd(b, 0.1, 0.5, 0.1, true), 1, 0);
    // step 1: gw = 2 + 0.1 · 1 = 2.1, gb = 2; buf = g; g += 0.5 · buf → 3.15, 3
    t.step(new double[] {1}, new double[] {0}, 1);
    assertEquals(1 - 0.315, t.param(0), 1e-15);
    assertEquals(-0.3, t.param(1), 1e-15);
    // step 2: w = 0.685, b = -0.3, pred 0.385, g = 0.77, plus 0.1 · p on each
    double gw = 0.77 + 0.1 * 0.685;
    double bufW = 0.5 * 2.1 + gw;
    double gb = 0.77 + 0.1 * -0.3; // weight_decay applies to every tensor of the group, biases too
    double bufB = 0.5 * 2 + gb;
    t.step(new double[] {1}, new double[] {0}, 1);
    assertEquals(0.685 - 0.1 * (gw + 0.5 * bufW), t.param(0), 1e-12);
    assertEquals(-0.3 - 0.1 * (gb + 0.5 * bufB), t.param(1), 1e-12);
  }

  @Test
  void maximizeAscendsTheLoss() {
    TestSpecs.Builder b = TestSpecs.synthetic("Line");
    LoadedTrainer t = lineAt(b.call("sgd", "trainer", args("lr", num(0.1), "momentum", num(0), "dampening", num(0),
        "weight_decay", num(0), "nesterov", bool(false), "maximize", bool(true))), 1, 0);
    t.step(new double[] {1}, new double[] {0}, 1);
    assertEquals(1.2, t.param(0), 1e-15);
    assertEquals(0.2, t.param(1), 1e-15);
  }

  @Test
  void adamFirstStepMovesEachParameterByLrTimesSignOfItsGradient() {
    TestSpecs.Builder b = TestSpecs.synthetic("Line");
    LoadedTrainer t = lineAt(adam(b, "adam", 0.1, 0, false), 1, 0);
    t.step(new double[] {1}, new double[] {0}, 1);
    // m̂ = g, v̂ = g², so the step is lr · g / (|g| + eps) with g = 2
    assertEquals(1 - 0.1 * 2 / (2 + 1e-8), t.param(0), 1e-15);
    assertEquals(-0.1 * 2 / (2 + 1e-8), t.param(1), 1e-15);
  }

  @Test
  void adamAdamwAndAmsgradMatchTorchsAlgorithmOverSeveralSteps() {
    TestSpecs.Builder b = TestSpecs.synthetic("Line");
    for (String name : new String[] {"adam", "adamw"}) {
      for (boolean amsgrad : new boolean[] {false, true}) {
        LoadedTrainer t = lineAt(adam(b, name, 0.05, 0.1, amsgrad), 0.7, -0.4);
        double[] p = {0.7, -0.4};
        double[] m = new double[2];
        double[] v = new double[2];
        double[] vMax = new double[2];
        double[] rows = {1, -2, 0.5, 3};
        for (int step = 1; step <= 4; step++) {
          double x = rows[step - 1];
          double residual = p[0] * x + p[1] - 1;
          double[] grad = {2 * residual * x, 2 * residual};
          for (int i = 0; i < 2; i++) {
            double g = grad[i];
            if (name.equals("adamw")) {
              p[i] *= 1 - 0.05 * 0.1;
            } else {
              g += 0.1 * p[i];
            }
            m[i] = 0.9 * m[i] + 0.1 * g;
            v[i] = 0.999 * v[i] + 0.001 * g * g;
            vMax[i] = Math.max(vMax[i], v[i]);
            double bc1 = 1 - Math.pow(0.9, step);
            double bc2 = 1 - Math.pow(0.999, step);
            double denom = Math.sqrt(amsgrad ? vMax[i] : v[i]) / Math.sqrt(bc2) + 1e-8;
            p[i] -= 0.05 / bc1 * m[i] / denom;
          }
          t.step(new double[] {x}, new double[] {1}, 1);
          assertEquals(p[0], t.param(0), 1e-12, name + " amsgrad=" + amsgrad + " step " + step);
          assertEquals(p[1], t.param(1), 1e-12, name + " amsgrad=" + amsgrad + " step " + step);
        }
      }
    }
  }

  @Test
  void groupsGetTheirOwnHyperParametersAndContiguousRanges() {
    TestSpecs.Builder b = TestSpecs.synthetic("Line");
    TestSpecs.Builder spec = line(sgd(b, 0.1, 0, 0, false))
        .group(new GroupOverride("biases", args("lr_scale", num(0.5)), b.pos("trainer")));
    LoadedTrainer t = LoadedTrainer.of(spec.build());
    t.setParam(t.offset("DENSE0_WEIGHT"), 1);
    t.setParam(t.offset("DENSE0_BIAS"), 0);
    t.step(new double[] {1}, new double[] {0}, 1);
    assertEquals(1 - 0.1 * 2, t.param(t.offset("DENSE0_WEIGHT")), 1e-15);
    assertEquals(-0.05 * 2, t.param(t.offset("DENSE0_BIAS")), 1e-15);
    assertEquals(0, t.offset("DEFAULT_START"));
    assertEquals(1, t.offset("BIASES_START"));
  }

  @Test
  void aGroupThatTakesEveryTensorLeavesNoDefaultGroup() {
    TestSpecs.Builder b = TestSpecs.synthetic("Line");
    TestSpecs.Builder spec = line(sgd(b, 0.1, 0, 0, false))
        .group(new GroupOverride("dense", args("lr_scale", num(0.5), "weight_decay", num(0.1)), b.pos("trainer")));
    LoadedTrainer t = LoadedTrainer.of(spec.build());
    t.setParam(0, 1);
    t.setParam(1, 0);
    t.step(new double[] {1}, new double[] {0}, 1);
    assertEquals(1 - 0.05 * (2 + 0.1), t.param(0), 1e-15);
    assertEquals(-0.05 * 2, t.param(1), 1e-15);
    assertEquals(0, t.offset("DENSE_START"));
    assertEquals(2, t.offset("DENSE_END"));
  }

  // ---- schedules ----------------------------------------------------------------------------

  @Test
  void digitsWarmupThenCosineFollowsTheClosedForms() {
    LoadedTrainer t = LoadedTrainer.of(TestSpecs.digits());
    double base = 1e-3;
    double min = 1e-5;
    assertEquals(base / 3, t.learningRate(0), 1e-18);
    assertEquals(base * (1.0 / 3 + 2.0 / 3 * 50 / 100), t.learningRate(50), 1e-18);
    assertEquals(base * (1.0 / 3 + 2.0 / 3 * 99 / 100), t.learningRate(99), 1e-18);
    assertEquals(base, t.learningRate(100), 1e-18);
    assertEquals(min + (base - min) * (1 + Math.cos(Math.PI * 200 / 800)) / 2, t.learningRate(300), 1e-18);
    assertEquals(min + (base - min) / 2, t.learningRate(500), 1e-15);
    assertEquals(min, t.learningRate(900), 1e-18);
    assertEquals(min, t.learningRate(100_000), 1e-18);
  }

  @Test
  void diabetesStepDecayCountsEpochsOnceStepsPerEpochIsKnown() {
    LoadedTrainer t = LoadedTrainer.of(TestSpecs.diabetes());
    assertEquals(0.01, t.learningRate(1_000_000), 0, "before the epoch length is known epochs never end");
    t.setStepsPerEpoch(6);
    assertEquals(0.01, t.learningRate(0), 0);
    assertEquals(0.01, t.learningRate(149), 0);
    assertEquals(0.005, t.learningRate(150), 0);
    assertEquals(0.005, t.learningRate(299), 0);
    assertEquals(0.0025, t.learningRate(300), 0);
  }

  @Test
  void phasesRestartTheirClocksAndEpochLengthsComeFromTheData() {
    TestSpecs.Builder b = line(sgd(TestSpecs.synthetic("Line"), 0.2, 0, 0, false));
    b.schedule(b.pos("trainer"),
        b.call("constant", "trainer", args("factor", num(0.5), "length", epochs(2))),
        b.call("warmup", "trainer", args("kind", sym("linear"), "length", steps(4), "start_factor", num(0.25))),
        b.call("step", "trainer", args("every", steps(3), "gamma", num(0.1))));
    LoadedTrainer t = LoadedTrainer.of(b.build());
    // 10 rows, batch 8: 2 steps per epoch, so the constant phase lasts 4 steps
    Dataset data = new Dataset(new double[10], new double[10], 10, 1, 1);
    t.trainer.step(data, new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 0, 8);
    assertEquals(0.1, t.learningRate(3), 1e-15);
    assertEquals(0.2 * 0.25, t.learningRate(4), 1e-15);
    assertEquals(0.2 * (0.25 + 0.75 * 2 / 4), t.learningRate(6), 1e-15);
    assertEquals(0.2, t.learningRate(8), 1e-15);
    assertEquals(0.2, t.learningRate(10), 1e-15);
    assertEquals(0.2 * 0.1, t.learningRate(11), 1e-15);
    assertEquals(0.2 * 0.01, t.learningRate(14), 1e-15);
  }

  // ---- clipping -----------------------------------------------------------------------------

  @Test
  void globalNormClippingScalesAllGradientsAsTorchDoes() {
    TestSpecs.Builder b = classifier();
    b.clip(b.call("global_norm", "trainer", args("max_norm", num(0.01))));
    Random random = new Random(3);
    double[] x = gaussian(random, 8 * 4);
    double[] y = {0, 1, 2, 0, 1, 2, 0, 1};
    Class<?> type = LoadedTrainer.compile(b.build());
    LoadedTrainer before = LoadedTrainer.of(type);
    before.computeGradients(x, y, 8);
    double[] raw = before.gradients();
    double norm = 0;
    for (double g : raw) {
      norm += g * g;
    }
    norm = Math.sqrt(norm);
    assertTrue(norm > 0.01, "the test needs a gradient larger than max_norm, got " + norm);
    LoadedTrainer stepped = LoadedTrainer.of(type);
    stepped.step(x, y, 8);
    double[] clipped = stepped.gradients();
    double coef = 0.01 / (norm + 1e-6);
    for (int i = 0; i < raw.length; i++) {
      assertEquals(raw[i] * coef, clipped[i], 1e-15);
    }
  }

  // ---- learning end to end ------------------------------------------------------------------

  /** Three Gaussian blobs in 2-d, labels 0..2. */
  private static Dataset blobs(int rows, long seed) {
    Random random = new Random(seed);
    double[][] centers = {{0, 2}, {-2, -1}, {2, -1}};
    double[] x = new double[rows * 2];
    double[] y = new double[rows];
    for (int i = 0; i < rows; i++) {
      int label = i % 3;
      x[2 * i] = centers[label][0] + 0.5 * random.nextGaussian();
      x[2 * i + 1] = centers[label][1] + 0.5 * random.nextGaussian();
      y[i] = label;
    }
    return new Dataset(x, y, rows, 2, 1);
  }

  /** digits.optspec's recipe on blobs, in float32: dense/he, relu, dropout, AdamW, bias group, warmup+cosine, clipping. */
  private static TestSpecs.Builder blobClassifier() {
    TestSpecs.Builder b = TestSpecs.synthetic("Blobs").precision(Precision.FLOAT32).features(2).classes(3).epochs(15).batch(16);
    return b
        .layer(b.call("dense", "trainer", args("units", num(16), "init",
            call(b.call("kaiming_normal", "trainer", args("a", num(0), "mode", sym("fan_in"), "nonlinearity", sym("relu")))),
            "bias", bool(true))))
        .layer(simple(b, "relu"))
        .layer(b.call("dropout", "trainer", args("p", num(0.1))))
        .layer(dense(b, 3))
        .loss(simple(b, "softmax_cross_entropy"))
        .optimizer(adam(b, "adamw", 0.02, 0.01, false))
        .group(new GroupOverride("biases", args("weight_decay", num(0)), b.pos("trainer")))
        .schedule(b.pos("trainer"),
            b.call("warmup", "trainer", args("kind", sym("linear"), "length", steps(10), "start_factor", num(1.0 / 3))),
            b.call("cosine", "trainer", args("length", epochs(15), "min_lr", num(1e-4))))
        .clip(b.call("global_norm", "trainer", args("max_norm", num(1.0))));
  }

  @Test
  void aFloat32ClassifierLearnsBlobsAndTrainsDeterministically() {
    Class<?> type = LoadedTrainer.compile(blobClassifier().build());
    Dataset train = blobs(300, 4);
    Dataset test = blobs(90, 5);
    LoadedTrainer a = LoadedTrainer.of(type);
    Metrics untrained = a.trainer.evaluate(test);
    int[] epochsSeen = new int[1];
    TrainingReport report = a.trainer.fit(train, test, new TrainingListener() {
      @Override
      public void onEpochEnd(EpochSummary summary) {
        epochsSeen[0]++;
      }
    });
    Metrics trained = a.trainer.evaluate(test);
    assertEquals(15, report.epochs());
    assertEquals(15, epochsSeen[0]);
    assertEquals(15L * 19, report.steps(), "15 epochs of ceil(300 / 16) steps");
    assertEquals(15L * 300, report.samples());
    assertEquals(report.steps(), a.trainer.stepCount());
    assertTrue(report.history().get(14).trainLoss() < report.history().get(0).trainLoss() / 2, "loss fell: " + report.history());
    assertTrue(trained.get("loss") < untrained.get("loss") / 3, untrained + " → " + trained);
    assertTrue(trained.get("accuracy") > 0.95, "accuracy " + trained);
    assertTrue(report.history().get(14).validationLoss() < report.history().get(0).validationLoss());

    LoadedTrainer b = LoadedTrainer.of(type);
    b.trainer.fit(train, test, TrainingListener.NONE);
    assertArrayEquals(a.trainer.parameters(), b.trainer.parameters(), "same seed, same bits");

    double[] probabilities = new double[test.rows() * 3];
    a.trainer.predict(test, probabilities);
    for (int r = 0; r < test.rows(); r++) {
      assertEquals(1, probabilities[3 * r] + probabilities[3 * r + 1] + probabilities[3 * r + 2], 1e-12);
    }
  }

  @Test
  void theDiabetesTrainerFitsALinearRelationship() {
    Random random = new Random(6);
    double[] w = {0.5, -1, 2, 0, 0.3, 1.5, -0.7, 0.2, 0, 1};
    int rows = 300;
    double[] x = gaussian(random, rows * 10);
    double[] y = new double[rows];
    for (int i = 0; i < rows; i++) {
      double s = 3;
      for (int j = 0; j < 10; j++) {
        s += w[j] * x[i * 10 + j];
      }
      y[i] = s + 0.1 * random.nextGaussian();
    }
    LoadedTrainer t = LoadedTrainer.of(TestSpecs.diabetes());
    t.trainer.fit(new Dataset(x, y, rows, 10, 1), null, TrainingListener.NONE);
    Metrics m = t.trainer.evaluate(new Dataset(x, y, rows, 10, 1));
    assertTrue(m.get("r2") > 0.99, "r2 " + m);
    // the spec standardizes the features, fitted on these rows: the weights are those of the standardized inputs,
    // w_j · std_j, and the bias absorbs the means
    double[] p = t.trainer.parameters();
    double[] mean = t.trainer.preprocessing().featureMean();
    double[] std = t.trainer.preprocessing().featureStd();
    double bias = 3;
    for (int j = 0; j < 10; j++) {
      assertEquals(w[j] * std[j], p[j], 0.05, "weight " + j);
      bias += w[j] * mean[j];
    }
    assertEquals(bias, p[10], 0.05, "bias");
    assertEquals(0.01 * 0.5 * 0.5 * 0.5, t.learningRate(t.trainer.stepCount() - 1), 1e-15, "three decays in 100 epochs");
  }

  @Test
  void dataDescribesTheSpecsCsvAndLoadsIt(@TempDir Path dir) throws Exception {
    Class<?> type = LoadedTrainer.compile(blobClassifier().build());
    StringBuilder csv = new StringBuilder("x1,x2,label\n");
    Dataset blobs = blobs(50, 7);
    for (int i = 0; i < 50; i++) {
      csv.append(blobs.x()[2 * i]).append(',').append(blobs.x()[2 * i + 1]).append(',').append((int) blobs.y()[i]).append('\n');
    }
    Files.writeString(dir.resolve("tiny.csv"), csv);
    DataPipeline pipeline = (DataPipeline) type.getMethod("data").invoke(null);
    Splits splits = pipeline.load(dir);
    assertEquals(50, splits.train().rows());
    assertEquals(2, splits.train().inputs());
    LoadedTrainer t = LoadedTrainer.of(type);
    t.trainer.fit(splits.train(), null, TrainingListener.NONE);
    assertTrue(t.trainer.evaluate(splits.train()).get("accuracy") > 0.9);
  }

  private static double[] gaussian(Random random, int n) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = random.nextGaussian();
    }
    return out;
  }
}
