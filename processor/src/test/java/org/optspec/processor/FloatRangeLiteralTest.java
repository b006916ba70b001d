package org.optspec.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;
import org.optspec.runtime.Trainer;
import org.optspec.runtime.progress.DivergenceException;

/**
 * A float32 spec's number beyond float's range (the checker's ranges are double's) is the float the cast gives,
 * written as {@code Float.POSITIVE_INFINITY}: CompileFuzzTest's nightly-style run found mutant 6682, the wide MLP with
 * {@code leaky_relu(1e308)}, whose trainer and inference model said {@code LEAKY_RELU0_SLOPE = Infinityf}, which javac
 * refused.
 */
class FloatRangeLiteralTest {

  private static String spec(String slope) {
    return """
        trainer F {
          precision float32
          seed 2
          data {
            source csv("f.csv", target: last)
            features 64
            classes 10
          }
          model {
            dense(8)
            leaky_relu(%s)
            dense(10)
          }
          loss softmax_cross_entropy
          optimizer sgd(lr: 0.01)
          batch 4
          epochs 1
        }
        """.formatted(slope);
  }

  @Test
  void aSlopeBeyondFloatsRangeIsFloatsInfinityInTheTrainerAndTheModel() throws Exception {
    CompileResult result = OptSpecCompiler.compile(SpecText.trainer(spec("1e308")), "org.optspec.generated.test");
    assertTrue(result.ok(), result.diagnostics().toString());
    assertEquals(2, result.javaFiles().size(), "the trainer and its inference model");
    for (var f : result.javaFiles()) {
      String source = f.toString();
      assertTrue(source.contains("LEAKY_RELU0_SLOPE = Float.POSITIVE_INFINITY;"), source);
      assertFalse(source.contains("Infinityf"), source);
    }
    Class<?> type = LoadedTrainer.compile(SpecText.trainer(spec("1e308")));
    Field slope = type.getDeclaredField("LEAKY_RELU0_SLOPE");
    slope.setAccessible(true);
    assertEquals(Float.POSITIVE_INFINITY, slope.getFloat(null));
    Trainer trainer = (Trainer) type.getConstructor().newInstance();
    try {
      // the step runs: it returns, or stops at a non-finite loss
      trainer.step(CheckpointResumeTest.digitsLike(4, 3), null, 0, 4);
    } catch (DivergenceException expected) {
      // an infinite slope may make the loss infinite: stopped as specified
    }
  }

  @Test
  void aSlopeInsideFloatsRangeIsItsFloatLiteral() {
    String source = OptSpecCompiler.compile(SpecText.trainer(spec("0.2")), "t").javaFile().get().toString();
    assertTrue(source.contains("LEAKY_RELU0_SLOPE = 0.2f;"), source);
  }
}
