package org.optspec.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.optspec.grammar.Frontend;
import org.optspec.spec.CheckResult;
import org.optspec.spec.Diagnostic;
import org.optspec.spec.SourceText;

/**
 * Mutates the shared specs (characters and tokens deleted, inserted and replaced, lines swapped, sections
 * duplicated, numbers and catalogue names substituted) and feeds every mutant to the checker and to the
 * whole compiler. Each must end in success or in error diagnostics that point into the file; never in an
 * exception and never in an internal error. Seeded, so a failure names a mutant that reproduces.
 */
class FuzzTest {
  static final Path SPECS = Path.of("../grammar/src/test/resources/specs");
  static final long SEED = 0x0F7_5EC_2026L;
  static final int MUTANTS = 10_000;

  static final Pattern TOKEN = Pattern.compile("[A-Za-z_][A-Za-z_0-9]*|[0-9]+(\\.[0-9]*)?([eE][+-]?[0-9]+)?|\"[^\"\\n]*\"|//[^\\n]*|\\S");
  static final Pattern NUMBER = Pattern.compile("(?<![A-Za-z_0-9.])[0-9]+(\\.[0-9]*)?([eE][+-]?[0-9]+)?");
  static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z_0-9]*");

  /** Names from the catalogue (docs/CATALOGUE.md) and the language's keywords. */
  static final String[] NAMES = {
      "trainer", "objective", "data", "model", "loss", "optimizer", "schedule", "clip", "regularize", "group", "batch", "epochs",
      "steps", "seed", "precision", "float32", "float64", "then", "stop", "when", "stalls", "for", "prune", "accumulate", "params",
      "const", "minimize", "source", "csv", "features", "classes", "targets", "scale", "standardize", "split", "sequence", "pairs",
      "dense", "linear", "relu", "tanh", "sigmoid", "softmax", "leaky_relu", "dropout", "batchnorm", "rnn", "factorize",
      "zeros", "ones", "constant", "normal", "uniform", "xavier", "xavier_uniform", "xavier_normal", "he", "kaiming_normal",
      "kaiming_uniform", "glorot", "mse", "mae", "huber", "softmax_cross_entropy", "cross_entropy", "binary_cross_entropy",
      "l1", "l2", "elastic_net", "sgd", "adam", "adamw", "adagrad", "rmsprop", "nadam", "radam", "adamax", "adadelta", "rprop",
      "asgd", "adafactor", "lion", "lars", "lamb", "natural_gradient", "chain", "scale_by_adam", "scale_by_rms",
      "scale_by_momentum", "scale_by_trust_ratio", "add_decayed_weights", "clip_global_norm", "clip_value", "clip_adaptive",
      "warmup", "cosine", "step", "multistep", "exponential", "cosine_restarts", "polynomial", "one_cycle", "plateau",
      "global_norm", "value", "adaptive", "agc", "magnitude", "lr", "momentum", "betas", "eps", "weight_decay", "nesterov",
      "init", "bias", "units", "p", "min_lr", "gamma", "every", "length", "lr_scale", "biases", "weights", "all", "on", "last",
      "first", "true", "false", "none", "test", "validation", "target", "header", "columns", "mean", "sum", "abs", "matmul", "dot",
      "x", "w", "loss", "validation_loss", "amsgrad", "maximize", "dampening", "start_factor", "milestones", "t_mul", "m_mul"};
  static final String[] NUMBERS = {"0", "1", "-1", "2", "0.5", "1e-3", "1e308", "1e999", "-0", "3.7", "100000000000", "2147483648",
      "9223372036854775808", "1/0", "0.0", "1e-400", "7", "64", "1/16", "2^-1", "(1, 2)", "-1e-8"};
  static final String[] PIECES = {"(", ")", "{", "}", ",", ":", "\n", " ", "//", "/*", "*/", "\"", "then", "steps", "epochs", "^", "-",
      "+", "*", "/", "[", "]", "=", "<", ".", "#", "é", "\t", "\r", "\u0000"};

  @Test
  void everyMutantEndsInDiagnosticsOrSuccessNeverAnException() throws IOException {
    List<SourceText> seeds = seeds();
    Random random = new Random(SEED);
    int compiled = 0;
    int rejected = 0;
    for (int i = 0; i < MUTANTS; i++) {
      SourceText base = seeds.get(random.nextInt(seeds.size()));
      String text = base.text();
      int mutations = 1 + random.nextInt(3);
      StringBuilder applied = new StringBuilder();
      for (int m = 0; m < mutations; m++) {
        int kind = random.nextInt(10);
        applied.append(kind).append(' ');
        text = mutate(text, kind, random);
      }
      SourceText mutant = new SourceText("mutant" + i + "-" + base.fileName(), text);
      String what = "mutant " + i + " of " + base.fileName() + " (mutations " + applied + "):\n" + text;
      try {
        CheckResult checked = Frontend.check(mutant);
        assertWellFormed(checked.ok(), checked.diagnostics(), text, what);
        // every 4th mutant through the whole driver from text; the others' checked spec through lowering and emitting
        // (the driver's front end is the Frontend.check above, and checking dominates the test's time)
        CompileResult result = i % 4 == 0
            ? OptSpecCompiler.compile(mutant, "fuzz")
            : checked.ok() ? OptSpecCompiler.compile(checked.spec().get(), "fuzz") : null;
        if (result == null) {
          rejected++;
          continue;
        }
        assertWellFormed(result.ok(), result.diagnostics(), text, what);
        if (result.ok()) {
          compiled++;
        } else {
          rejected++;
        }
      } catch (Throwable e) {
        fail("exception on " + what, e);
      }
    }
    assertEquals(MUTANTS, compiled + rejected);
    assertTrue(compiled > 0 && rejected > 0, "the mutants exercise both outcomes: " + compiled + " compiled, " + rejected + " rejected");
  }

  private static void assertWellFormed(boolean ok, List<Diagnostic> diagnostics, String text, String what) {
    for (Diagnostic d : diagnostics) {
      if (d.key().equals(OptSpecCompiler.INTERNAL) || d.message().contains("internal")) {
        fail("internal error " + d.format() + "\non " + what);
      }
      int lines = (int) text.lines().count();
      assertTrue(d.pos().line() >= 1 && d.pos().line() <= lines + 1 && d.pos().column() >= 1,
          "diagnostic outside the file: " + d.format() + "\non " + what);
    }
    if (!ok) {
      assertTrue(diagnostics.stream().anyMatch(Diagnostic::isError), "a failure without an error diagnostic on " + what);
    }
  }

  static String mutate(String text, int kind, Random random) {
    if (text.isEmpty()) {
      return PIECES[random.nextInt(PIECES.length)];
    }
    int at = random.nextInt(text.length());
    switch (kind) {
      case 0 -> {
        return text.substring(0, at) + text.substring(at + 1);
      }
      case 1 -> {
        return text.substring(0, at) + PIECES[random.nextInt(PIECES.length)] + text.substring(at);
      }
      case 2 -> {
        return text.substring(0, at) + PIECES[random.nextInt(PIECES.length)] + text.substring(at + 1);
      }
      case 3, 4, 5 -> {
        List<int[]> tokens = spans(TOKEN, text);
        int[] t = tokens.get(random.nextInt(tokens.size()));
        int[] u = tokens.get(random.nextInt(tokens.size()));
        String other = random.nextBoolean() ? NAMES[random.nextInt(NAMES.length)] : text.substring(u[0], u[1]);
        return switch (kind) {
          case 3 -> text.substring(0, t[0]) + text.substring(t[1]);
          case 4 -> text.substring(0, t[0]) + other + " " + text.substring(t[0]);
          default -> text.substring(0, t[0]) + other + text.substring(t[1]);
        };
      }
      case 6 -> {
        List<String> lines = new ArrayList<>(text.lines().toList());
        int a = random.nextInt(lines.size());
        int b = random.nextInt(lines.size());
        String line = lines.get(a);
        lines.set(a, lines.get(b));
        lines.set(b, line);
        return String.join("\n", lines);
      }
      case 7 -> {
        return duplicateSection(text, random);
      }
      case 8 -> {
        List<int[]> numbers = spans(NUMBER, text);
        if (numbers.isEmpty()) {
          return text;
        }
        int[] n = numbers.get(random.nextInt(numbers.size()));
        return text.substring(0, n[0]) + NUMBERS[random.nextInt(NUMBERS.length)] + text.substring(n[1]);
      }
      default -> {
        List<int[]> names = spans(IDENT, text);
        int[] n = names.get(random.nextInt(names.size()));
        return text.substring(0, n[0]) + NAMES[random.nextInt(NAMES.length)] + text.substring(n[1]);
      }
    }
  }

  /** Copies a line that opens a block, with the block, to just after the block. */
  static String duplicateSection(String text, Random random) {
    List<String> lines = text.lines().toList();
    List<Integer> openers = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains("{")) {
        openers.add(i);
      }
    }
    if (openers.isEmpty()) {
      return text + "\n" + lines.get(random.nextInt(lines.size()));
    }
    int from = openers.get(random.nextInt(openers.size()));
    int depth = 0;
    int to = from;
    for (int i = from; i < lines.size(); i++) {
      depth += count(lines.get(i), '{') - count(lines.get(i), '}');
      to = i;
      if (depth <= 0) {
        break;
      }
    }
    List<String> out = new ArrayList<>(lines.subList(0, to + 1));
    out.addAll(lines.subList(from, to + 1));
    out.addAll(lines.subList(to + 1, lines.size()));
    return String.join("\n", out);
  }

  private static int count(String s, char c) {
    return (int) s.chars().filter(x -> x == c).count();
  }

  private static List<int[]> spans(Pattern p, String text) {
    List<int[]> spans = new ArrayList<>();
    Matcher m = p.matcher(text);
    while (m.find()) {
      spans.add(new int[] {m.start(), m.end()});
    }
    if (spans.isEmpty()) {
      spans.add(new int[] {0, Math.min(1, text.length())});
    }
    return spans;
  }

  static List<SourceText> seeds() throws IOException {
    try (Stream<Path> files = Files.list(SPECS)) {
      List<SourceText> seeds = new ArrayList<>();
      for (Path f : files.filter(p -> p.toString().endsWith(".optspec")).sorted().toList()) {
        seeds.add(new SourceText(f.getFileName().toString(), Files.readString(f, StandardCharsets.UTF_8)));
      }
      assertTrue(seeds.size() >= 7, "the shared specs: " + seeds);
      return seeds;
    }
  }
}
