package org.optspec.processor;

import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.optspec.grammar.Frontend;
import org.optspec.runtime.Dataset;
import org.optspec.runtime.Objective;
import org.optspec.runtime.Trainer;
import org.optspec.runtime.progress.DivergenceException;
import org.optspec.spec.CheckResult;
import org.optspec.spec.SourceText;
import org.optspec.spec.Spec;
import org.optspec.spec.TrainerSpec;

/**
 * Everything {@code check} accepts must compile: mutants of the shared specs ({@link FuzzTest#mutate}) that pass the
 * checker are generated (the trainer and its inference model), compiled with javac, loaded, and (when small enough to allocate here) trained for one step.
 * A javac error, an exception or a Unicode escape in a generated source fails the test. Seeded; CI tries
 * {@value #CI_MUTANTS} mutants, {@code -Doptspec.fuzz.mutants=N} tries N (the nightly-style run).
 */
class CompileFuzzTest {

  static final long SEED = 0x0F7_C0_3B1L;
  static final int CI_MUTANTS = 1500;
  /** Mutants javac compiles in one call: amortizes javac's start-up. */
  static final int BATCH = 60;

  @Test
  void everyCheckCleanMutantCompilesWithJavacAndSteps() throws IOException {
    int mutants = Integer.getInteger("optspec.fuzz.mutants", CI_MUTANTS);
    List<SourceText> seeds = FuzzTest.seeds();
    Random random = new Random(SEED);
    List<Mutant> pending = new ArrayList<>();
    Counts counts = new Counts();
    for (int i = 0; i < mutants; i++) {
      SourceText base = seeds.get(random.nextInt(seeds.size()));
      String text = base.text();
      StringBuilder applied = new StringBuilder();
      for (int m = 1 + random.nextInt(3); m > 0; m--) {
        int kind = random.nextInt(10);
        applied.append(kind).append(' ');
        text = FuzzTest.mutate(text, kind, random);
      }
      counts.tried++;
      SourceText mutant = new SourceText("mutant" + i + "-" + base.fileName(), text);
      String what = "mutant " + i + " of " + base.fileName() + " (mutations " + applied + "):\n" + text;
      CheckResult checked = Frontend.check(mutant);
      if (!checked.ok()) {
        continue;
      }
      counts.checkClean++;
      CompileResult result = OptSpecCompiler.compile(checked.spec().get(), "fuzz.m" + i);
      if (!result.ok()) {
        // lowering may still refuse (optspec.err.unsupported / invalid): a located diagnostic, not a crash
        assertTrue(result.diagnostics().stream().noneMatch(d -> d.key().equals(OptSpecCompiler.INTERNAL)),
            () -> "internal error on " + what + "\n" + result.diagnostics());
        counts.loweringRefused++;
        continue;
      }
      JavaFile file = result.javaFile().get();
      List<JavaFileObject> sources = new ArrayList<>();
      for (JavaFile f : result.javaFiles()) {
        String source = f.toString();
        assertEquals(-1, JavaLexicalScan.firstUnicodeEscape(source), () -> "a Unicode escape in the source of " + what);
        sources.add(JavaFileObjects.forSourceString(f.packageName() + "." + f.typeSpec().name(), source));
      }
      pending.add(new Mutant(what, checked.spec().get(), file.packageName() + "." + file.typeSpec().name(), sources));
      if (pending.size() == BATCH) {
        compileAndRun(pending, counts);
        pending.clear();
      }
    }
    compileAndRun(pending, counts);
    System.out.printf("CompileFuzzTest: %d mutants tried, %d check-clean, %d refused by lowering with a diagnostic, "
            + "%d compiled by javac, %d trained a step, %d evaluated (objectives), %d too big to allocate here, "
            + "%d diverged (DivergenceException); 0 javac failures, 0 crashes, 0 Unicode escapes%n",
        counts.tried, counts.checkClean, counts.loweringRefused, counts.compiled, counts.trained, counts.objectives,
        counts.tooBig, counts.diverged);
    assertEquals(counts.checkClean - counts.loweringRefused, counts.compiled);
    assertTrue(counts.compiled > 50 && counts.trained > 20, "the mutants exercise the compile path: " + counts.compiled);
  }

  private record Mutant(String what, Spec spec, String className, List<JavaFileObject> sources) {}

  private static final class Counts {
    int tried;
    int checkClean;
    int loweringRefused;
    int compiled;
    int trained;
    int objectives;
    int tooBig;
    int diverged;
  }

  private static void compileAndRun(List<Mutant> batch, Counts counts) {
    if (batch.isEmpty()) {
      return;
    }
    List<JavaFileObject> sources = batch.stream().flatMap(m -> m.sources.stream()).toList();
    Compilation compilation = javac().compile(sources);
    if (compilation.status() != Compilation.Status.SUCCESS) {
      String errors = compilation.errors().toString();
      String culprit = batch.stream().filter(m -> errors.contains(m.className.replace('.', '/')))
          .map(Mutant::what).findFirst().orElse("(one of " + batch.size() + ")");
      fail("javac failed on a check-clean mutant: " + errors + "\n" + culprit);
    }
    counts.compiled += batch.size();
    for (Mutant m : batch) {
      try {
        run(m, LoadedTrainer.load(compilation, m.className), counts);
      } catch (DivergenceException e) {
        counts.diverged++;
      } catch (Throwable e) {
        fail("exception running " + m.what, e);
      }
    }
  }

  private static void run(Mutant m, Class<?> type, Counts counts) throws ReflectiveOperationException {
    if (!(m.spec instanceof TrainerSpec spec)) {
      Objective objective = (Objective) type.getConstructor().newInstance();
      objective.step();
      objective.loss();
      counts.objectives++;
      return;
    }
    long widest = spec.layers().stream().filter(l -> l.has("units") || l.has("hidden") || l.has("factors"))
        .mapToLong(l -> l.has("units") ? l.integer("units") : l.has("hidden") ? l.integer("hidden") : l.integer("factors"))
        .max().orElse(1);
    var input = spec.data().input();
    long inputs = switch (input.name()) {
      case "sequence" -> (long) input.integer("length") * input.integer("features");
      case "pairs" -> (long) input.integer("users") + input.integer("items");
      default -> input.integer("count");
    };
    if ((long) spec.batch() * Math.max(Math.max(widest, inputs), 64) > 4_000_000 || widest > 100_000 || inputs > 100_000) {
      counts.tooBig++;
      return;
    }
    Trainer trainer = (Trainer) type.getConstructor().newInstance();
    int rows = Math.min(4, spec.batch());
    int targets = spec.data().targets();
    Dataset data = new Dataset(new double[rows * trainer.inputSize()], new double[rows * targets], rows,
        trainer.inputSize(), targets);
    trainer.step(data, null, 0, rows);
    counts.trained++;
  }
}
