package org.optspec.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The first run's two start-up measures: javac warmed on a second thread (it must change no class file
 * and never stand in the way), and the launcher's JIT directives (the JVM must accept them, they must
 * print nothing on stdout, and they must leave the training code to C2).
 */
class JavacWarmUpTest {
  private static final Path DIGITS = DocsExamplesTest.ROOT.resolve("samples/src/main/resources/org/optspec/samples/digits/digits.optspec");
  private static final Path DIRECTIVES = DocsExamplesTest.ROOT.resolve("cli/src/main/jit/compile-time-code.json");

  @BeforeEach
  @AfterEach
  void forgetWarmUps() {
    JavacWarmUp.reset();
    System.clearProperty(JavacWarmUp.PROPERTY);
  }

  @Test
  void theWarmUpSourceCompilesAgainstTheRuntime() {
    // a runtime type renamed or removed without updating SOURCE would make the warm-up fail silently
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StandardJavaFileManager files = javac.getStandardFileManager(null, Locale.ROOT, null);
    Map<String, byte[]> classes = InMemoryJavaCompiler.compile(javac, files,
        Map.of(JavacWarmUp.CLASS_NAME, JavacWarmUp.SOURCE), task -> { });
    assertTrue(classes.containsKey(JavacWarmUp.CLASS_NAME), classes.keySet().toString());
    assertTrue(classes.containsKey(JavacWarmUp.CLASS_NAME + "$Settings"), classes.keySet().toString());
  }

  @Test
  void aWarmedFileManagerMakesTheSameClassFiles() {
    Map<String, String> sources = InMemoryJavaCompiler.sources(SpecCompilation.generate(DIGITS, SpecCompilation.PACKAGE));
    Map<String, byte[]> cold = InMemoryJavaCompiler.compile(sources);  // no warm-up started: a fresh file manager

    JavacWarmUp.start();
    StandardJavaFileManager warmed = JavacWarmUp.take();
    assertNotNull(warmed, "the warm-up finished and handed over its file manager");
    assertNull(JavacWarmUp.take(), "it is handed over once");
    Map<String, byte[]> warm = InMemoryJavaCompiler.compile(ToolProvider.getSystemJavaCompiler(), warmed, sources, task -> { });

    assertEquals(cold.keySet(), warm.keySet());
    for (String name : cold.keySet()) {
      assertArrayEquals(cold.get(name), warm.get(name), name);
    }
  }

  @Test
  void aCancelledWarmUpHandsOverNothingAndTheCompileStillRuns() {
    JavacWarmUp.start();
    JavacWarmUp.cancel();
    assertNull(JavacWarmUp.take());
    Map<String, byte[]> classes = InMemoryJavaCompiler.compile(Map.of(JavacWarmUp.CLASS_NAME, JavacWarmUp.SOURCE));
    assertTrue(classes.containsKey(JavacWarmUp.CLASS_NAME));
  }

  @Test
  void thePropertyTurnsItOff() {
    System.setProperty(JavacWarmUp.PROPERTY, "false");
    JavacWarmUp.start();
    assertNull(JavacWarmUp.take());
  }

  @Test
  void startsOncePerProcess() {
    JavacWarmUp.start();
    assertNotNull(JavacWarmUp.take());
    JavacWarmUp.start();  // a second spec compiled by the same process (bench-optimizers) starts cold
    assertNull(JavacWarmUp.take());
  }

  @Test
  void theJvmAcceptsTheLaunchersDirectivesAndPrintsNothingOnStdout() throws Exception {
    // without -XX:-DisplayVMOutput the JVM says how many directives it read: the file parsed
    Run told = java("-XX:+UnlockDiagnosticVMOptions", "-XX:CompilerDirectivesFile=" + DIRECTIVES, "-version");
    assertEquals(0, told.status, told.output);
    assertTrue(told.output.contains("1 compiler directives added"), told.output);
    // the launcher's flags: the same file, nothing on stdout (predict writes its CSV there)
    Run launcher = java("-XX:+UnlockDiagnosticVMOptions", "-XX:-DisplayVMOutput", "-XX:CompilerDirectivesFile=" + DIRECTIVES,
        "-version");
    assertEquals(0, launcher.status, launcher.output);
    assertFalse(launcher.output.contains("directives"), launcher.output);
    String script = Files.readString(DocsExamplesTest.ROOT.resolve("optspec"), StandardCharsets.UTF_8);
    assertTrue(script.contains("-XX:+UnlockDiagnosticVMOptions -XX:-DisplayVMOutput -XX:CompilerDirectivesFile=\"$directives\""), "the launcher passes the flags tested here");
    assertTrue(script.contains("directives=\"$here/cli/src/main/jit/compile-time-code.json\""), "the launcher names this file");
  }

  @Test
  void theDirectivesLeaveTheTrainingCodeToC2() throws IOException {
    List<String> patterns = new ArrayList<>();
    Matcher m = Pattern.compile("\"([^\"]+)\"").matcher(Files.readString(DIRECTIVES, StandardCharsets.UTF_8));
    while (m.find()) {
      patterns.add(m.group(1));
    }
    assertTrue(patterns.size() >= 5, patterns.toString());
    // the generated trainers, the runtime they call and the JDK classes their loops use
    List<String> hot = List.of("optspec/generated/DigitsClassifierTrainer.step", "org/optspec/runtime/kernels/Vectors.allFinite",
        "org/optspec/runtime/kernels/Gemm.sgemm", "org/optspec/bench/W2DigitsMlpTrainer.step", "java/lang/Math.sqrt",
        "java/util/Arrays.fill", "java/lang/String.equals", "org/optspec/samples/digits/DigitsClassifierTrainer.step");
    for (String pattern : patterns) {
      assertTrue(pattern.endsWith("/*.*"), "a package prefix: " + pattern);
      String prefix = pattern.substring(0, pattern.length() - "*.*".length());
      for (String method : hot) {
        assertFalse(method.startsWith(prefix), pattern + " would keep C2 off " + method);
      }
    }
    assertTrue(patterns.contains("com/sun/tools/*.*"), "javac is what the directives are for: " + patterns);
  }

  private record Run(int status, String output) {}

  private static Run java(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "java -version finished");
    return new Run(process.exitValue(), stdout);
  }
}
