package org.optspec.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.optspec.spec.CheckResult;
import org.optspec.spec.Diagnostic;
import org.optspec.spec.SourceText;

/**
 * javac-style golden diagnostics: each {@code diagnostics/NAME.optspec} is checked and its formatted
 * diagnostics must equal {@code NAME.txt} exactly. {@code GOLDEN_UPDATE=1} rewrites the expected
 * files instead (review the diff before committing).
 */
class GoldenDiagnosticsTest {

  static Stream<Path> cases() {
    return SpecResources.optspecFiles(SpecResources.DIAGNOSTICS).stream();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void diagnosticsMatchGoldenFile(Path spec) throws IOException {
    String fileName = spec.getFileName().toString();
    CheckResult result = Frontend.check(new SourceText(fileName, Files.readString(spec, StandardCharsets.UTF_8)));
    String actual = result.diagnostics().stream().map(Diagnostic::format).collect(Collectors.joining("\n", "", "\n"));
    Path golden = spec.resolveSibling(fileName.replace(".optspec", ".txt"));

    if ("1".equals(System.getenv("GOLDEN_UPDATE"))) {
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
      return;
    }
    assertFalse(result.ok(), fileName + " is a bad case and must not check clean");
    assertTrue(result.spec().isEmpty(), "a spec with errors yields no checked spec");
    assertTrue(Files.exists(golden), "missing " + golden + "; run with GOLDEN_UPDATE=1 to create it");
    assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual);
  }
}
