package org.optspec.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.optspec.runtime.Dataset;
import org.optspec.runtime.Trainer;
import org.optspec.runtime.TrainingListener;

/**
 * A regularizer of strength 0 ({@code l2(0.0)}, which the checker accepts) adds nothing, so it has no code: the
 * trainer compiles and trains bit for bit as the spec without it. CompileFuzzTest's nightly-style run (10,000 mutants)
 * found {@code total += ;} in the generated {@code regularization()} of mutant 2367, the recommender with
 * {@code regularize l2(0.0)}.
 */
class ZeroRegularizationTest {

  private static String spec(String regularize) {
    return """
        trainer Z {
          precision float64
          seed 5
          data {
            source csv("z.csv", target: last)
            features 64
            classes 10
          }
          model {
            dense(12, init: he)
            relu
            dense(10)
          }
          loss softmax_cross_entropy
          %s
          optimizer sgd(lr: 0.05)
          batch 16
          epochs 2
        }
        """.formatted(regularize);
  }

  private static double[] fit(String regularize) throws ReflectiveOperationException {
    Class<?> type = LoadedTrainer.compile(SpecText.trainer(spec(regularize)));
    Trainer trainer = (Trainer) type.getConstructor().newInstance();
    trainer.fit(CheckpointResumeTest.digitsLike(64, 1), null, TrainingListener.NONE);
    return trainer.parameters();
  }

  private static void assertBitForBit(double[] expected, double[] actual) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]), "parameter " + i);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"regularize l2(0.0)", "regularize l1(0)", "regularize elastic_net(l1: 0, l2: 0, on: all)",
      "regularize l2(0)\n  regularize l1(0, on: biases)"})
  void aZeroStrengthTrainsAsNoRegularization(String regularize) throws ReflectiveOperationException {
    String source = OptSpecCompiler.compile(SpecText.trainer(spec(regularize)), "z").javaFile().get().toString();
    assertFalse(source.contains("regularization()"), "no regularization code:\n" + source);
    assertBitForBit(fit(""), fit(regularize));
  }

  @Test
  void aZeroStrengthBesideAnotherLeavesTheOtherAsItIs() throws ReflectiveOperationException {
    double[] alone = fit("regularize l2(0.01)");
    assertNotEquals(Arrays.hashCode(fit("")), Arrays.hashCode(alone), "l2(0.01) changes the training");
    assertBitForBit(alone, fit("regularize l1(0)\n  regularize l2(0.01)"));
  }

  @Test
  void theFuzzMutantCompilesAndSteps() throws ReflectiveOperationException {
    Class<?> type = LoadedTrainer.compile(SpecText.trainer("""
        trainer MovieRecommender {
          seed 11
          data {
            source csv("ratings.csv", columns: (user, item, rating))
            pairs(users: 1000, items: 500)
            targets 1
            split(test: 0.1, seed: 2)
          }
          model {
            factorize(factors: 20, init: normal(0, 0.1), bias: true)
          }
          loss mse
          regularize l2(0.0)
          optimizer sgd(lr: 0.01)
          schedule exponential(gamma: 0.95)
          batch 1
          epochs 50
        }
        """));
    Trainer trainer = (Trainer) type.getConstructor().newInstance();
    double[] before = trainer.parameters().clone();
    double[] x = new double[trainer.inputSize()];
    double loss = trainer.step(new Dataset(x, new double[] {4}, 1, trainer.inputSize(), 1), null, 0, 1);
    assertTrue(loss > 0 && Double.isFinite(loss), "loss " + loss);
    assertNotEquals(Arrays.hashCode(before), Arrays.hashCode(trainer.parameters()), "the step moved the factors");
  }
}
