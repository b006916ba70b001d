package org.optspec.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM settings the {@code ./optspec} launcher adds for short processes (a doubled compile threshold and the
 * serial collector): the script passes them, steps aside when the user picks a collector, turns them off on
 * request, and they change no result (the same checkpoint, byte for byte); and the user's own options reach the JVM
 * as written.
 */
class LauncherJvmSettingsTest {
  private static final Path SCRIPT = DocsExamplesTest.ROOT.resolve("optspec");
  private static final Path DIGITS = DocsExamplesTest.ROOT.resolve("samples/src/main/resources/org/optspec/samples/digits/digits.optspec");
  private static final String THRESHOLD = "-XX:CompileThresholdScaling=2";
  private static final String SERIAL = "-XX:+UseSerialGC";

  /** A main class that prints the JVM's options, one a line, and the collector it runs. */
  private static final String SHOW_OPTIONS = """
      import java.lang.management.ManagementFactory;
      public class ShowOptions {
        public static void main(String[] args) {
          for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) System.out.println(option);
          for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) System.out.println("collector: " + gc.getName());
        }
      }
      """;

  @TempDir Path checkout;

  @Test
  void theLauncherPassesBothByDefault() throws Exception {
    Run run = launch(Map.of());
    assertEquals(0, run.status, run.stderr);
    assertTrue(run.options().contains(THRESHOLD), run.stdout);
    assertTrue(run.options().contains(SERIAL), run.stdout);
    assertTrue(run.stdout.contains("collector: Copy"), "the young collection of the serial collector: " + run.stdout);
    // stdout holds what the program printed and nothing from the JVM (predict writes its CSV there)
    for (String line : run.stdout.split("\n")) {
      assertTrue(line.startsWith("-") || line.startsWith("collector: "), "an unexpected line on stdout: " + line);
    }
  }

  @Test
  void aCollectorChosenByTheUserIsKept() throws Exception {
    for (String variable : List.of("OPTSPEC_JAVA_OPTS", "JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS")) {
      Run run = launch(Map.of(variable, "-Xmx512m -XX:+UseParallelGC"));
      assertEquals(0, run.status, variable + ": " + run.stdout + run.stderr);  // two collectors would make the JVM refuse to start
      assertFalse(run.options().contains(SERIAL), variable + ": " + run.stdout);
      assertTrue(run.options().contains(THRESHOLD), variable + ": " + run.stdout);
      assertTrue(run.stdout.contains("collector: PS Scavenge"), variable + ": " + run.stdout);
    }
    // an option that merely mentions GC is not a choice of collector
    Run logging = launch(Map.of("OPTSPEC_JAVA_OPTS", "-XX:+UseCompressedOops -Xlog:gc:stderr"));
    assertEquals(0, logging.status, logging.stderr);
    assertTrue(logging.options().contains(SERIAL), logging.stdout);
  }

  @Test
  void theUsersOptionsReachTheJvmAsWritten() throws Exception {
    // the launcher runs in the checkout; a file there that the option, read as a file-name pattern, would match
    Files.createFile(checkout.resolve("-Doptspec.probe=expanded"));
    Run run = launch(Map.of("OPTSPEC_JAVA_OPTS", "-Doptspec.probe=*  -Xss2m"));
    assertEquals(0, run.status, run.stderr);
    assertTrue(run.options().contains("-Doptspec.probe=*"), run.stdout);
    assertTrue(run.options().contains("-Xss2m"), run.stdout);
  }

  @Test
  void theSwitchTurnsBothOff() throws Exception {
    Run run = launch(Map.of("OPTSPEC_JVM_TUNING", "0"));
    assertEquals(0, run.status, run.stderr);
    assertFalse(run.options().contains(THRESHOLD), run.stdout);
    assertFalse(run.options().contains(SERIAL), run.stdout);
  }

  @Test
  void theSettingsChangeNoResult(@TempDir Path runs) throws Exception {
    Path tuned = runs.resolve("tuned");
    Path plain = runs.resolve("plain");
    Run withSettings = train(tuned, THRESHOLD, SERIAL);
    assertEquals(0, withSettings.status, withSettings.stderr);
    Run without = train(plain, "-XX:+UseG1GC");
    assertEquals(0, without.status, without.stderr);
    assertArrayEquals(Files.readAllBytes(plain.resolve("checkpoint.safetensors")),
        Files.readAllBytes(tuned.resolve("checkpoint.safetensors")), "the trained parameters, byte for byte");
    assertEquals(lossLines(without.stdout), lossLines(withSettings.stdout));
    assertEquals(3, lossLines(withSettings.stdout).size(), withSettings.stdout);
  }

  /** The epoch lines up to the loss: the throughput after it is a measurement, not a result. */
  private static List<String> lossLines(String stdout) {
    List<String> losses = new ArrayList<>();
    for (String line : stdout.split("\n")) {
      int lr = line.indexOf("  lr ");
      if (line.startsWith("epoch") && lr > 0) {
        losses.add(line.substring(0, lr));
      }
    }
    return losses;
  }

  private record Run(int status, String stdout, String stderr) {
    List<String> options() {
      return List.of(stdout.split("\n"));
    }
  }

  /** Runs a copy of the launcher whose jar is {@link #SHOW_OPTIONS}; no class-data archive (it needs the real CLI). */
  private Run launch(Map<String, String> environment) throws Exception {
    Files.copy(SCRIPT, checkout.resolve("optspec"), StandardCopyOption.REPLACE_EXISTING);
    Path jar = checkout.resolve("cli/target/optspec.jar");
    if (!Files.exists(jar)) {
      writeJar(jar, InMemoryJavaCompiler.compile(Map.of("ShowOptions", SHOW_OPTIONS)));
    }
    List<String> command = List.of("bash", checkout.resolve("optspec").toString());
    ProcessBuilder builder = new ProcessBuilder(command).directory(checkout.toFile());
    builder.environment().remove("OPTSPEC_JAVA_OPTS");
    builder.environment().remove("JDK_JAVA_OPTIONS");
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    builder.environment().remove("OPTSPEC_JVM_TUNING");
    builder.environment().put("OPTSPEC_CDS", "0");
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().putAll(environment);
    return run(builder);
  }

  /** The CLI in a JVM of its own, with the given options, training the digits sample for 3 epochs. */
  private static Run train(Path out, String... options) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(List.of(options));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), OptSpecCommand.class.getName(), "train",
        DIGITS.toString(), "--epochs", "3", "--progress", "lines", "--no-cache", "--out", out.toString()));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("JDK_JAVA_OPTIONS");
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    return run(builder);
  }

  private static Run run(ProcessBuilder builder) throws IOException, InterruptedException {
    Path stderr = Files.createTempFile("launcher", ".err");
    try {
      Process process = builder.redirectError(stderr.toFile()).start();
      process.getOutputStream().close();
      String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the process finished");
      return new Run(process.exitValue(), stdout, Files.readString(stderr, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(stderr);
    }
  }

  private static void writeJar(Path jar, Map<String, byte[]> classes) throws IOException {
    Files.createDirectories(jar.getParent());
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "ShowOptions");
    try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
      for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
        out.putNextEntry(new JarEntry(entry.getKey().replace('.', '/') + ".class"));
        out.write(entry.getValue());
        out.closeEntry();
      }
    }
  }
}
