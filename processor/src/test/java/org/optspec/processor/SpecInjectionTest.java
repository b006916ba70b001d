package org.optspec.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.optspec.spec.SourceText;

/**
 * A spec is untrusted input: text in it that javac would read as code (Unicode escapes that end a comment, comment
 * terminators, bare carriage returns) must stay inside comments and string literals of the generated class, through
 * the compiler and through the annotation processor. The payloads call {@code INJECTED}, which exists nowhere: if any
 * reached code the generated class would not compile, and the scan finds it in the code either way.
 */
class SpecInjectionTest {

  /**
   * A trainer spec with {@code {LAYER}}, {@code {DATA}} and {@code {FILE}} for payloads: the layer line goes into a
   * {@code //} comment of the generated class, the data line into a Javadoc comment, the file into a string.
   */
  private static final String TRAINER = """
      trainer Tiny {
        precision float64
        seed 3
        data {{DATA}
          source csv("{FILE}", target: last)
          features 2
          classes 2
        }
        model {
          dense(8, init: he){LAYER}
          relu
          dense(2)
        }
        loss softmax_cross_entropy
        optimizer adam(lr: 0.05)
        batch 16
        epochs 2
      }
      """;

  static List<String[]> payloads() {
    return List.of(
        // the probe's example: a backslash-u000a ends the // comment the layer line goes into, then a slash and
        // backslash-u002f comment out the rest
        new String[] {"line comment broken by \\u000a", "  /* \\u000a static { INJECTED(); } /\\u002f\n */", "", "t.csv"},
        new String[] {"javadoc broken by *\\u002f", "", "  /* *\\u002f static { INJECTED(); } /\\u002a */", "t.csv"},
        new String[] {"u-run escape", "  /* \\uuuu000a static { INJECTED(); } /\\u002f\n */", "", "t.csv"},
        new String[] {"plain block comment", "  /* a note */", "  /* another */", "t.csv"},
        new String[] {"bare carriage return", "  /* \r static { INJECTED(); } // */", "  /* \r static { INJECTED(); } /* */", "t.csv"},
        new String[] {"escape in the data string", "", "", "t \\\\u000a static { INJECTED(); } \\\\u002f\\\\u002f.csv"},
        new String[] {"comment terminator in the data string", "", "", "t */ static { INJECTED(); } /* .csv"},
        new String[] {"bidirectional override", "  /* \u202e INJECTED \u2066 */", "", "t\u202e.csv"});
  }

  static SourceText trainer(String[] payload, String fileName) {
    return new SourceText(fileName, TRAINER.replace("{LAYER}", payload[1]).replace("{DATA}", payload[2])
        .replace("{FILE}", payload[3]));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("payloads")
  void payloadsInTheSpecStayInCommentsAndLiterals(String name, String layer, String data, String file) {
    String[] payload = {name, layer, data, file};
    assertNoInjection(compile(trainer(payload, "tiny.optspec")), name);
  }

  @Test
  void aPathWithEscapesAndTerminatorsStaysInComments() {
    String[] plain = payloads().get(3);
    for (String path : new String[] {"runs/x \\u000a static { INJECTED(); } \\u002f\\u002f/tiny.optspec",
        "runs/x *\\u002f static { INJECTED(); } \\u002f\\u002a/tiny.optspec", "runs/x */ INJECTED /*/tiny.optspec",
        "runs\\\\u000a INJECTED();/tiny.optspec"}) {
      assertNoInjection(compile(trainer(plain, path)), path);
    }
  }

  @Test
  void anObjectiveSpecKeepsItsPayloadsInComments() {
    List<JavaFile> source = compile(new SourceText("runs/o \\u000a static { INJECTED(); } \\u002f\\u002f/p.optspec", """
        objective Parabola {
          precision float64
          params {
            w[2] = [3, -4]  /* \\u000a static { INJECTED(); } /\\u002f
          */
          }
          minimize sum((w - 1)^2)  /* *\\u002f static { INJECTED(); } /\\u002a */
          optimizer sgd(lr: 0.25)
          steps 1
        }
        """));
    assertNoInjection(source, "objective");
  }

  /** The annotation processor reads the same kind of spec file from the source path: same generated code, same scan. */
  @Test
  void theAnnotationProcessorKeepsPayloadsInComments(@TempDir Path dir) throws IOException {
    Path pkg = Files.createDirectories(dir.resolve("com/example"));
    StringBuilder layers = new StringBuilder();
    for (String[] p : payloads()) {
      layers.append(p[1]).append(p[2]);
    }
    String spec = trainer(new String[] {"all", layers.toString(), payloads().get(1)[2], "t */ INJECTED /* .csv"}, "x").text();
    Files.writeString(pkg.resolve("tiny.optspec"), spec, StandardCharsets.UTF_8);
    JavaFileObject model = JavaFileObjects.forSourceString("com.example.Model", "package com.example;\n\n"
        + "import org.optspec.runtime.TrainingSpec;\n\n@TrainingSpec(\"tiny.optspec\")\nfinal class Model {}\n");
    Compilation compilation = javac().withProcessors(new TrainingSpecProcessor())
        .withOptions("-sourcepath", dir.toString()).compile(model);
    assertThat(compilation).succeeded();
    assertTrue(compilation.generatedSourceFiles().size() >= 2, "the trainer and the model");
    for (JavaFileObject generated : compilation.generatedSourceFiles()) {
      String source = generated.getCharContent(true).toString();
      assertEquals(-1, JavaLexicalScan.firstUnicodeEscape(source), generated.getName());
      assertFalse(JavaLexicalScan.code(source).contains("INJECTED"), generated.getName());
    }
    String trainer = compilation.generatedSourceFile("com.example.TinyTrainer").orElseThrow().getCharContent(true).toString();
    assertTrue(trainer.contains("dense(8, init: he)"), "the layer line is quoted");
    Class<?> type = LoadedTrainer.load(compilation, "com.example.TinyTrainer");
    assertTrue(java.util.Arrays.stream(type.getDeclaredMethods()).noneMatch(m -> m.getName().contains("INJECTED")));
  }

  /** Every generated file (the trainer, and a trainer spec's inference model). */
  private static List<JavaFile> compile(SourceText text) {
    CompileResult result = OptSpecCompiler.compile(text, "fuzz");
    assertTrue(result.ok(), () -> "the spec compiles: " + result.diagnostics());
    return result.javaFiles();
  }

  /** No Unicode escape anywhere, {@code INJECTED} only in comments and literals, and javac compiles it. */
  static void assertNoInjection(List<JavaFile> files, String what) {
    List<JavaFileObject> sources = new ArrayList<>();
    for (JavaFile file : files) {
      String source = file.toString();
      assertEquals(-1, JavaLexicalScan.firstUnicodeEscape(source), () -> what + ": a Unicode escape in\n" + source);
      assertFalse(JavaLexicalScan.code(source).contains("INJECTED"), () -> what + ": spec text in code:\n" + source);
      sources.add(JavaFileObjects.forSourceString(file.packageName() + "." + file.typeSpec().name(), source));
    }
    Compilation compilation = javac().compile(sources);
    assertThat(compilation).succeeded();
  }
}
