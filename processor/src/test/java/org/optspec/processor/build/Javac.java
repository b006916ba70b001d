package org.optspec.processor.build;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** javac and java run the way a build tool runs them: command-line arguments, files on disk. */
final class Javac {

  record Result(int exitCode, String output) {}

  private Javac() {}

  /** Runs javac in process with exactly {@code args}. */
  static Result run(List<String> args) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = javac.run(null, out, out, args.toArray(String[]::new));
    return new Result(code, out.toString(StandardCharsets.UTF_8));
  }

  /** Runs {@code java args...} in a new JVM (the one running the tests) and waits for it. */
  static Result java(List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(args);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(p.waitFor(), output);
  }

  /** The jar or class directory {@code type} was loaded from. */
  static Path locationOf(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What OptSpec's processor needs to run, as Gradle's annotationProcessor configuration resolves it. */
  static String processorPath() {
    return Stream.of(org.optspec.processor.TrainingSpecProcessor.class, org.optspec.grammar.Frontend.class,
            com.palantir.javapoet.JavaFile.class, org.antlr.v4.runtime.Parser.class, org.optspec.runtime.Trainer.class)
        .map(Javac::locationOf).distinct().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
  }

  /** The runtime and what it links against, without the runtime itself. */
  static String runtimeDependencies() {
    return Stream.of(org.ejml.data.DMatrixRMaj.class, dev.ludovic.netlib.blas.BLAS.class)
        .map(Javac::locationOf).distinct().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
  }

  static List<String> javaFiles(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(f -> f.toString().endsWith(".java")).map(Path::toString).sorted().toList();
    }
  }

  /**
   * The runtime as a jar: the build's own jar when the tests run on it (mvn verify), otherwise (the runtime's
   * classes directory, mvn test) a jar of those classes with the manifest name the build gives the runtime jar.
   */
  static Path runtimeJar(Path scratch) throws IOException {
    Path location = locationOf(org.optspec.runtime.Trainer.class);
    if (Files.isRegularFile(location)) {
      return location;
    }
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().putValue("Automatic-Module-Name", "org.optspec.runtime");
    Path jar = scratch.resolve("optspec-runtime.jar");
    try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest);
        Stream<Path> files = Files.walk(location)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(location.relativize(f).toString().replace(File.separatorChar, '/')));
        try (InputStream in = Files.newInputStream(f)) {
          in.transferTo(out);
        }
        out.closeEntry();
      }
    }
    return jar;
  }
}
