package org.optspec.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.optspec.spec.Diagnostic;
import org.optspec.spec.SourceText;

/**
 * javac-style diagnostic goldens: every {@code .optspec} under {@code src/test/resources/diagnostics}
 * goes through the whole compiler (front end, lowering) and its formatted diagnostics must equal the
 * {@code .expected} file beside it. {@code GOLDEN_UPDATE=1} rewrites the expected files.
 */
class DiagnosticsTest {

  private static final Path DIR = Path.of("src/test/resources/diagnostics");

  static Stream<String> cases() throws IOException {
    try (Stream<Path> files = Files.list(DIR)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".optspec")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void diagnosticsMatchTheExpectedFile(String file) throws IOException {
    SourceText source = new SourceText(file, Files.readString(DIR.resolve(file), StandardCharsets.UTF_8));
    CompileResult result = OptSpecCompiler.compile(source, "p");
    assertTrue(result.javaFile().isEmpty(), "expected errors for " + file);
    List<Diagnostic> diagnostics = result.diagnostics();
    assertTrue(diagnostics.stream().noneMatch(d -> d.key().equals(OptSpecCompiler.INTERNAL)), diagnostics::toString);
    String actual = diagnostics.stream().map(d -> d.key() + "\n" + d.format()).collect(Collectors.joining("\n\n", "", "\n"));
    Path expected = DIR.resolve(file.replace(".optspec", ".expected"));
    if ("1".equals(System.getenv("GOLDEN_UPDATE"))) {
      Files.writeString(expected, actual, StandardCharsets.UTF_8);
    }
    assertEquals(Files.readString(expected, StandardCharsets.UTF_8), actual);
  }
}
