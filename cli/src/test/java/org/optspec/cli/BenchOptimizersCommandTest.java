package org.optspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.optspec.grammar.Frontend;
import org.optspec.grammar.check.Catalogue;
import org.optspec.grammar.check.Kind;
import org.optspec.spec.TrainerSpec;
import org.optspec.spec.Value;

/** {@code optspec bench-optimizers}: one spec's model and data, each optimizer at each size. */
class BenchOptimizersCommandTest {

  @Test
  void everyOptimizerAtEverySizeTheSameOnAPoolAsInSequence(@TempDir Path dir) throws IOException {
    String[] common = {"bench-optimizers", Cli.DIABETES.toString(), "--optimizers", "sgd,sgd:momentum=0.9,adam,adafactor",
        "--sizes", "60,200", "--epochs", "3"};
    Cli.Run pooled = Cli.run(concat(common, "--threads", "3", "--plot", dir.toString()));
    assertEquals(0, pooled.status(), pooled.err());
    Cli.Run sequential = Cli.run(concat(common, "--threads", "1"));
    assertEquals(0, sequential.status(), sequential.err());
    assertTrue(pooled.out().contains("DiabetesRegression: 4 optimizers x 2 sizes (training rows of 354), seed 1, 3 epochs"),
        pooled.out());
    assertTrue(pooled.out().contains("60 training rows") && pooled.out().contains("200 training rows"), pooled.out());
    List<String> a = figures(pooled.out());
    List<String> b = figures(sequential.out());
    assertEquals(8, a.size(), pooled.out());
    assertEquals(b, a, "the same figures whatever the pool");
    // a size's rows: steps per epoch follow the rows (batch 64): 1 step per epoch at 60 rows, 4 at 200
    assertTrue(a.get(0).contains(" 3 "), a.get(0));
    assertTrue(a.get(4).contains(" 12 "), a.get(4));
    // each optimizer really is another trainer: the final losses differ
    assertEquals(4, a.subList(4, 8).stream().map(l -> l.split("\\s+")[1]).distinct().count(), a.toString());
    PngAssertions.assertChart(dir.resolve("bench_60.png"));
    PngAssertions.assertChart(dir.resolve("bench_200.png"));
  }

  @Test
  void theOptimizerIsTheCataloguesWithItsDefaults() {
    TrainerSpec spec = (TrainerSpec) Frontend.check(Cli.DIABETES).spec().orElseThrow();
    assertEquals(0.9, spec.optimizer().number("momentum"));
    OptimizerChoice sgd = OptimizerChoice.parse("sgd");
    TrainerSpec replaced = (TrainerSpec) new SpecOverrides(null, null, sgd.call()).apply(spec);
    var defaults = Catalogue.lookup(Kind.OPTIMIZER, "sgd").orElseThrow();
    for (var p : defaults.params()) {
      p.defaultValue().ifPresent(v -> assertEquals(v, replaced.optimizer().get(p.name()), p.name()));
    }
    assertEquals(new Value.Bool(false), replaced.optimizer().get("nesterov"), "the spec's nesterov: true is not kept");
    assertEquals(spec.optimizer().pos(), replaced.optimizer().pos(), "diagnostics still point at the spec's optimizer line");
    OptimizerChoice adam = OptimizerChoice.parse("adam:lr=0.01:amsgrad=true");
    assertEquals(0.01, adam.call().number("lr"));
    assertEquals(new Value.Bool(true), adam.call().get("amsgrad"));
    assertEquals(Catalogue.lookup(Kind.OPTIMIZER, "adam").orElseThrow().param("eps").orElseThrow().defaultValue().orElseThrow(),
        adam.call().get("eps"));
    assertNotEquals(spec.optimizer(), replaced.optimizer());
  }

  @Test
  void badItemsAreRefusedWithASentence() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> OptimizerChoice.parse("adamm")).getMessage()
        .startsWith("unknown optimizer 'adamm' (one of: sgd, adam, "));
    assertEquals("sgd:momentum=-1: momentum must be >= 0, got -1",
        assertThrows(IllegalArgumentException.class, () -> OptimizerChoice.parse("sgd:momentum=-1")).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> OptimizerChoice.parse("adam:momentum=1")).getMessage()
        .startsWith("adam:momentum=1: adam has no option 'momentum' (it has lr, betas, "));
    Cli.Run r = Cli.run("bench-optimizers", Cli.DIABETES.toString(), "--optimizers", "adam", "--sizes", "9999");
    assertEquals(1, r.status());
    assertTrue(r.err().contains("--sizes: 9999 training rows asked for; the training split has 354"), r.err());
  }

  /** The table rows (optimizer and figures, the time column dropped), every size in order. */
  private static List<String> figures(String out) {
    Matcher m = Pattern.compile("(?m)^(sgd|sgd:momentum=0\\.9|adam|adafactor) +(.*?) +[0-9.]+ s$").matcher(out);
    List<String> rows = new java.util.ArrayList<>();
    while (m.find()) {
      rows.add(m.group(1) + " " + m.group(2).replaceAll("\\s+", " ") + " ");
    }
    return rows;
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
