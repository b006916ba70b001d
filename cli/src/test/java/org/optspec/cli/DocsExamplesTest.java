package org.optspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.optspec.cli.DocBlocks.Block;
import com.palantir.javapoet.JavaFile;
import org.optspec.processor.CompileResult;
import org.optspec.processor.GeneratedFile;
import org.optspec.processor.OptSpecCompiler;
import org.optspec.spec.Diagnostic;
import org.optspec.spec.SourceText;
import org.xml.sax.InputSource;

/**
 * Every example in the user documentation (README.md, CHANGELOG.md, docs/*.md) and in the {@code @TrainingSpec}
 * javadoc, run so that the docs cannot rot. A fenced block's info string says what it is:
 *
 * <ul>
 *   <li>{@code optspec}: a whole spec, compiled (checked, lowered, generated) without an error;
 *       {@code optspec file=NAME} also makes it the file NAME for the Java blocks after it;
 *       {@code optspec fails}: it must fail, and the next block (its shown output) contains the first error's message;
 *   <li>{@code optspec trainer|data|model [regression]}: statements put into a small trainer, replacing that
 *       trainer's statements of the same name ({@code model}: the model block's content), then compiled;
 *   <li>{@code java}: a compilation unit compiled by javac with the runtime on the class path and the annotation
 *       processor on the processor path (spec files: the {@code file=} blocks before it);
 *       {@code java module}: a module-info, compiled with the next java block as a named module;
 *       {@code java outline}: signatures or excerpts of OptSpec's own code (docs/PROCESSOR.md, ARCHITECTURE.md), not compiled;
 *       {@code java fragment}: statements that a test named next to them runs (InferencePathTest), not compiled here;
 *       {@code java ... run}: compiled as above, then its {@code main} run with a scratch directory as its argument
 *       (an exception, an {@code AssertionError} included, fails the example);
 *   <li>{@code xml}: well-formed XML; {@code console}: {@code $ ./optspec check|generate|plot|trace|settings|sweep|lr-find|--version}
 *       lines run (others are shown, not run: they train for seconds to minutes), the lines shown after them in
 *       the output;
 *   <li>not run: {@code bash}/{@code sh} (Maven builds), {@code kotlin} (Gradle is not installed here: its
 *       javac arguments are tested by GradleArgumentsTest), {@code python}, and unlabelled blocks (output).
 * </ul>
 */
class DocsExamplesTest {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  static final Set<String> LANGUAGES = Set.of("optspec", "java", "xml", "console", "bash", "sh", "kotlin", "python", "");

  static List<Path> documents() throws IOException {
    List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("CHANGELOG.md")));
    try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
      files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    return docs;
  }

  static Path trainingSpecSource() {
    return ROOT.resolve("runtime/src/main/java/org/optspec/runtime/TrainingSpec.java");
  }

  @TempDir Path scratch;

  @TestFactory
  Stream<DynamicTest> everyExample() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path doc : documents()) {
      tests.addAll(testsOf(DocBlocks.markdown(doc)));
    }
    Map<String, String> specs = Map.of("digits.optspec",
        Files.readString(ROOT.resolve("samples/src/main/resources/org/optspec/samples/digits/digits.optspec")));
    for (Block b : DocBlocks.javadocExamples(trainingSpecSource())) {
      tests.add(DynamicTest.dynamicTest(ROOT.relativize(b.file()) + ":" + b.line() + " javadoc",
          () -> compileJava(b, specs, null)));
    }
    return tests.stream();
  }

  /** The examples are really there: a docs change that drops the language guide's examples fails here. */
  @Test
  void theDocsHaveExamplesOfEveryKindAndNoUnknownBlock() throws IOException {
    Map<String, Integer> count = new LinkedHashMap<>();
    for (Path doc : documents()) {
      for (Block b : DocBlocks.markdown(doc)) {
        assertTrue(LANGUAGES.contains(b.language()), b.where() + ": unknown block language '" + b.language()
            + "' (DocsExamplesTest says which are checked)");
        count.merge(b.language(), 1, Integer::sum);
      }
    }
    assertTrue(count.getOrDefault("optspec", 0) >= 35, count.toString());
    assertTrue(count.getOrDefault("java", 0) >= 4, count.toString());
    assertTrue(count.getOrDefault("console", 0) >= 2, count.toString());
    assertEquals(2, DocBlocks.javadocExamples(trainingSpecSource()).size(), "@TrainingSpec's two examples");
  }

  private List<DynamicTest> testsOf(List<Block> blocks) {
    List<DynamicTest> tests = new ArrayList<>();
    Map<String, String> specFiles = new LinkedHashMap<>();
    for (int i = 0; i < blocks.size(); i++) {
      Block b = blocks.get(i);
      Block next = i + 1 < blocks.size() ? blocks.get(i + 1) : null;
      String name = ROOT.relativize(b.file()) + ":" + b.line() + " " + String.join(" ", b.info());
      switch (b.language()) {
        case "optspec" -> {
          if (b.option("file") != null) {
            specFiles.put(b.option("file"), b.text());
          }
          tests.add(DynamicTest.dynamicTest(name, () -> checkSpec(b, next)));
        }
        case "java" -> {
          if (b.has("outline") || b.has("fragment")) {
            continue;
          }
          if (b.has("module")) {
            assertTrue(next != null && next.language().equals("java"), b.where() + ": a module-info needs a java block after it");
            Map<String, String> files = Map.copyOf(specFiles);
            tests.add(DynamicTest.dynamicTest(name, () -> compileJava(next, files, b)));
            i++;
          } else {
            Map<String, String> files = Map.copyOf(specFiles);
            tests.add(DynamicTest.dynamicTest(name, () -> compileJava(b, files, null)));
          }
        }
        case "xml" -> tests.add(DynamicTest.dynamicTest(name, () -> wellFormed(b)));
        case "console" -> tests.add(DynamicTest.dynamicTest(name, () -> runConsole(b)));
        default -> { }
      }
    }
    return tests;
  }

  // ---- specs

  static final String BASE = """
      trainer Example {
        seed 1
        data {
          source csv("data.csv", target: last)
          features 4
          %s
        }
        model {
      %s
        }
        %s
        optimizer sgd(lr: 0.1)
        batch 8
        epochs 2
      }
      """;

  /** Statements that stand for one another when a fragment replaces the base's. */
  static String key(String statement) {
    String word = statement.strip().split("[\\s(]", 2)[0];
    return switch (word) {
      case "features", "sequence", "pairs" -> "input";
      case "classes", "targets" -> "output";
      default -> word;
    };
  }

  static String specOf(Block b) {
    if (!b.has("trainer") && !b.has("data") && !b.has("model")) {
      return b.text();
    }
    boolean regression = b.has("regression");
    String output = regression ? "targets 1" : "classes 3";
    String model = regression ? "dense(8)\nrelu\ndense(1)" : "dense(8)\nrelu\ndense(3)";
    String loss = regression ? "loss mse" : "loss softmax_cross_entropy";
    String base = BASE.formatted(output, model, loss);
    if (b.has("model")) {
      return base.replace(model, b.text().strip());
    }
    List<String> statements = statements(b.text());
    if (b.has("data")) {
      String data = "data {\n" + merge(statements(dataBody(base)), statements) + "\n}";
      return base.replaceFirst("(?s)data \\{.*?\\n  }", Matcher.quoteReplacement(data));
    }
    String trainerBody = base.substring(base.indexOf('{') + 1, base.lastIndexOf('}'));
    return "trainer Example {\n" + merge(statements(trainerBody), statements) + "\n}\n";
  }

  static String dataBody(String spec) {
    int start = spec.indexOf("data {") + "data {".length();
    return spec.substring(start, spec.indexOf("\n  }", start));
  }

  /** The top-level statements of a block's text: a statement runs on while ( [ { are open. */
  static List<String> statements(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int depth = 0;
    for (String line : text.split("\n")) {
      if (line.isBlank() && depth == 0) {
        continue;
      }
      current.append(line.strip()).append('\n');
      for (char c : line.replaceAll("//.*", "").toCharArray()) {
        depth += c == '(' || c == '[' || c == '{' ? 1 : c == ')' || c == ']' || c == '}' ? -1 : 0;
      }
      if (depth == 0) {
        out.add(current.toString().strip());
        current.setLength(0);
      }
    }
    return out;
  }

  /** The base's statements with the fragment's replacing those of the same key; the rest of the fragment after. */
  static String merge(List<String> base, List<String> fragment) {
    Set<String> replaced = fragment.stream().map(DocsExamplesTest::key).filter(k -> !k.equals("group") && !k.equals("regularize"))
        .collect(Collectors.toSet());
    List<String> out = new ArrayList<>(base.stream().filter(s -> !replaced.contains(key(s))).toList());
    out.addAll(fragment);
    return String.join("\n", out);
  }

  void checkSpec(Block b, Block next) {
    String spec = specOf(b);
    CompileResult result = OptSpecCompiler.compile(new SourceText(b.where(), spec), "org.example");
    List<Diagnostic> errors = result.errors();
    if (b.has("fails")) {
      assertFalse(errors.isEmpty(), b.where() + ": meant to fail, but compiles");
      Diagnostic first = errors.get(0);
      String shown = ":" + first.pos().line() + ":" + first.pos().column() + ": error: " + first.message();
      assertTrue(next != null && next.text().contains(shown),
          b.where() + ": the block after it should show the error '" + shown + "'");
      return;
    }
    if (!errors.isEmpty() || !result.ok()) {
      fail(b.where() + ": the example does not compile:\n"
          + errors.stream().map(Diagnostic::format).collect(Collectors.joining("\n")) + "\n--- as compiled:\n" + spec);
    }
  }

  // ---- Java

  static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);");
  static final Pattern TYPE = Pattern.compile("(?m)^(?:public )?(?:final )?(?:class|interface|record|enum) (\\w+)");
  static final Pattern MODULE = Pattern.compile("(?m)^module ([\\w.]+)");

  void compileJava(Block b, Map<String, String> specFiles, Block moduleInfo) throws Exception {
    String text = b.text();
    if (!PACKAGE.matcher(text).find()) {
      text = "package org.example;\n\nimport org.optspec.runtime.TrainingSpec;\n\n" + text;
    }
    Matcher pkg = PACKAGE.matcher(text);
    assertTrue(pkg.find());
    Matcher type = TYPE.matcher(text);
    assertTrue(type.find(), b.where() + ": no top-level type");
    Path dir = Files.createTempDirectory(scratch, "java");
    Path src = dir.resolve("src");
    Path classes = dir.resolve("classes");
    String packagePath = pkg.group(1).replace('.', '/');
    Path source = src.resolve(packagePath).resolve(type.group(1) + ".java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, text);
    for (Map.Entry<String, String> spec : specFiles.entrySet()) {
      Path file = classes.resolve(packagePath).resolve(spec.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, spec.getValue());
    }
    Files.createDirectories(classes);
    List<String> generated = new ArrayList<>();
    if (b.has("plugin")) {
      // as optspec-maven-plugin does: every spec file compiled into the block's package, a source beside it
      for (Map.Entry<String, String> spec : specFiles.entrySet()) {
        CompileResult result = OptSpecCompiler.compile(new SourceText(spec.getKey(), spec.getValue()), pkg.group(1));
        assertTrue(result.ok(), spec.getKey() + ": " + result.diagnostics());
        for (JavaFile f : result.javaFiles()) {
          JavaFile file = GeneratedFile.of(pkg.group(1), f.typeSpec());
          Path out = src.resolve(GeneratedFile.relativePath(file));
          Files.writeString(out, file.toString());
          generated.add(out.toString());
        }
      }
    }
    List<String> args = new ArrayList<>(List.of("--release", "17", "-d", classes.toString(),
        "-processorpath", processorPath()));
    List<String> sources = new ArrayList<>(List.of(source.toString()));
    sources.addAll(generated);
    if (moduleInfo != null) {
      assertTrue(MODULE.matcher(moduleInfo.text()).find(), moduleInfo.where() + ": not a module-info");
      Path info = src.resolve("module-info.java");
      Files.writeString(info, moduleInfo.text());
      sources.add(info.toString());
      args.addAll(List.of("--module-path", runtimeJar(dir).toString()));
    } else {
      args.addAll(List.of("-classpath", location(org.optspec.runtime.Trainer.class).toString()));
    }
    args.addAll(sources);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = ToolProvider.getSystemJavaCompiler().run(null, out, out, args.toArray(String[]::new));
    assertEquals(0, code, b.where() + ": javac failed:\n" + out.toString(StandardCharsets.UTF_8) + "\n--- source:\n" + text
        + "\n(an excerpt of OptSpec's own code rather than an example for users? label its fence ```java outline)");
    if (b.has("run")) {
      run(pkg.group(1) + "." + type.group(1), classes, Files.createDirectories(dir.resolve("run")));
    }
  }

  /** Runs {@code main(workDir)} of a compiled example, on the classes javac wrote and the runtime of this test. */
  static void run(String className, Path classes, Path workDir) throws Exception {
    try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {classes.toUri().toURL()},
        DocsExamplesTest.class.getClassLoader())) {
      java.lang.reflect.Method main = loader.loadClass(className).getMethod("main", String[].class);
      try {
        main.invoke(null, (Object) new String[] {workDir.toString()});
      } catch (java.lang.reflect.InvocationTargetException e) {
        throw new AssertionError(className + ".main failed: " + e.getCause(), e.getCause());
      }
    }
  }

  static Path location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static String processorPath() {
    return Stream.of(org.optspec.processor.TrainingSpecProcessor.class, org.optspec.grammar.Frontend.class,
            com.palantir.javapoet.JavaFile.class, org.antlr.v4.runtime.Parser.class, org.optspec.runtime.Trainer.class)
        .map(DocsExamplesTest::location).distinct().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
  }

  /** The runtime jar (mvn verify), or its classes as a jar with the build's Automatic-Module-Name (mvn test). */
  static Path runtimeJar(Path scratch) throws IOException {
    Path location = location(org.optspec.runtime.Trainer.class);
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

  // ---- XML and commands

  static void wellFormed(Block b) throws Exception {
    String text = b.text().replaceAll("<\\?xml[^>]*\\?>", "");
    DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new InputSource(new StringReader("<snippet>" + text.replace("${", "$_{") + "</snippet>")));
  }

  static final Set<String> RUN = Set.of("check", "generate", "plot", "trace", "settings", "sweep", "lr-find", "--version");

  void runConsole(Block b) throws IOException {
    Map<String, String> vars = new LinkedHashMap<>();
    List<String> lines = b.text().lines().toList();
    int ran = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher var = Pattern.compile("^\\$ (\\w+)=(\\S+)$").matcher(line);
      if (var.find()) {
        vars.put(var.group(1), var.group(2));
        continue;
      }
      if (!line.startsWith("$ ./optspec ")) {
        continue;
      }
      List<String> expected = new ArrayList<>();
      for (int j = i + 1; j < lines.size() && !lines.get(j).startsWith("$ "); j++) {
        expected.add(lines.get(j));
      }
      String command = line.substring("$ ./optspec ".length());
      int hash = command.indexOf('#');
      String comment = hash < 0 ? "" : command.substring(hash);
      command = hash < 0 ? command : command.substring(0, hash);
      for (Map.Entry<String, String> v : vars.entrySet()) {
        command = command.replace("$" + v.getKey(), v.getValue());
      }
      List<String> args = List.of(command.strip().split("\\s+"));
      if (!RUN.contains(args.get(0))) {
        continue;
      }
      Matcher status = Pattern.compile("exit status (\\d+)").matcher(comment);
      int expectedStatus = status.find() ? Integer.parseInt(status.group(1)) : 0;
      runCommand(b, args, expectedStatus, expected);
      ran++;
    }
    assertTrue(ran > 0, b.where() + ": a console block with no command the test runs");
  }

  /** An expected line matches itself, with "..." inside it standing for any text. */
  static boolean matches(String actual, String expected) {
    if (!expected.contains("...")) {
      return actual.equals(expected);
    }
    String regex = Stream.of(expected.split("\\.\\.\\.", -1)).map(Pattern::quote).collect(Collectors.joining(".*"));
    return actual.matches(regex);
  }

  void runCommand(Block b, List<String> args, int expectedStatus, List<String> expected) throws IOException {
    Path out = Files.createTempDirectory(scratch, "out");
    List<String> actualArgs = new ArrayList<>();
    Map<String, String> shownAs = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      boolean output = i > 0 && Set.of("-d", "-o", "--out", "--plot", "--report").contains(args.get(i - 1));
      if (output) {
        Path target = out.resolve(a);
        shownAs.put(target.toString(), a);
        actualArgs.add(target.toString());
      } else if (!a.startsWith("-") && Files.exists(ROOT.resolve(a))) {
        actualArgs.add(ROOT.resolve(a).toString());
      } else {
        actualArgs.add(a);
      }
    }
    Cli.Run run = Cli.run(actualArgs.toArray(String[]::new));
    String actual = run.out() + run.err();
    for (Map.Entry<String, String> e : shownAs.entrySet()) {
      actual = actual.replace(e.getKey(), e.getValue());
    }
    actual = actual.replace(ROOT + File.separator, "");
    assertEquals(expectedStatus, run.status(), b.where() + ": ./optspec " + String.join(" ", args) + "\n" + actual);
    List<String> actualLines = actual.lines().toList();
    int at = 0;
    for (String want : expected) {
      if (want.isBlank() || want.strip().equals("...")) {
        continue;
      }
      int found = -1;
      for (int k = at; k < actualLines.size(); k++) {
        if (matches(actualLines.get(k).stripTrailing(), want.stripTrailing())) {
          found = k;
          break;
        }
      }
      assertTrue(found >= 0, b.where() + ": ./optspec " + String.join(" ", args) + " should print\n  " + want
          + "\n(in this order) but printed:\n" + actual);
      at = found + 1;
    }
  }
}
