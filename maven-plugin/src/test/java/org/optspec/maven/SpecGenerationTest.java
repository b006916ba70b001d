package org.optspec.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.optspec.spec.Diagnostic;

class SpecGenerationTest {

  static final String PARABOLA = "objective Parabola {\n  params { x = 3 }\n  minimize x^2\n  optimizer sgd(lr: 0.1)\n  steps %d\n}\n";

  @TempDir Path dir;

  Path specs() {
    return dir.resolve("src/main/optspec");
  }

  Path out() {
    return dir.resolve("target/generated-sources/optspec");
  }

  Path state() {
    return dir.resolve("target/optspec-maven-plugin/generate.state");
  }

  SpecGeneration.Result run(String compiler) throws IOException {
    return SpecGeneration.run(specs(), out(), state(), compiler);
  }

  Path writeSpec(String relative, String text) throws IOException {
    Path spec = specs().resolve(relative);
    Files.createDirectories(spec.getParent());
    Files.writeString(spec, text);
    return spec;
  }

  Path trainer() {
    return out().resolve("org/example/ParabolaTrainer.java");
  }

  @Test
  void generatesTheTrainerInTheSpecsPackageThenNothingUntilTheSpecChanges() throws IOException {
    writeSpec("org/example/parabola.optspec", PARABOLA.formatted(100));
    SpecGeneration.Result first = run("v1");
    assertTrue(first.ok(), first.diagnostics().toString());
    assertEquals(List.of(trainer()), first.written());
    String source = Files.readString(trainer());
    assertTrue(source.startsWith("package org.example;"), source.substring(0, 80));
    assertTrue(source.contains("100"), "the steps of the spec");

    FileTime stamp = FileTime.fromMillis(1_000_000L);
    Files.setLastModifiedTime(trainer(), stamp);
    SpecGeneration.Result second = run("v1");
    assertEquals(List.of(), second.written());
    assertEquals(1, second.upToDate());
    assertEquals(stamp, Files.getLastModifiedTime(trainer()), "an up-to-date trainer is not touched");

    writeSpec("org/example/parabola.optspec", PARABOLA.formatted(250));
    SpecGeneration.Result third = run("v1");
    assertEquals(List.of(trainer()), third.written());
    assertEquals(0, third.upToDate());
    assertTrue(Files.readString(trainer()).contains("250"));
    assertFalse(Files.readString(trainer()).contains("100L"));
  }

  @Test
  void anotherCompilerRecompilesEverySpecAndAMissingTrainerIsRegenerated() throws IOException {
    writeSpec("org/example/parabola.optspec", PARABOLA.formatted(100));
    run("v1");
    SpecGeneration.Result otherCompiler = run("v2");
    assertEquals(0, otherCompiler.upToDate(), "compiled again");
    assertEquals(List.of(), otherCompiler.written(), "identical output is not rewritten");

    Files.delete(trainer());
    SpecGeneration.Result again = run("v2");
    assertEquals(List.of(trainer()), again.written());
  }

  @Test
  void theTrainerOfARemovedSpecIsDeleted() throws IOException {
    Path spec = writeSpec("org/example/parabola.optspec", PARABOLA.formatted(100));
    run("v1");
    Files.delete(spec);
    SpecGeneration.Result result = run("v1");
    assertEquals(List.of(trainer()), result.deleted());
    assertFalse(Files.exists(trainer()));
  }

  @Test
  void errorsAreLocatedInTheSpecFileAndNothingIsRemembered() throws IOException {
    Path spec = writeSpec("org/example/parabola.optspec", PARABOLA.formatted(100).replace("sgd", "sgdd"));
    SpecGeneration.Result result = run("v1");
    assertFalse(result.ok());
    Diagnostic error = result.diagnostics().stream().filter(Diagnostic::isError).findFirst().orElseThrow();
    assertEquals(spec + ":4:13: error: unknown optimizer 'sgdd'; did you mean 'sgd'?", error.headline());
    assertTrue(error.format().endsWith("\n  optimizer sgdd(lr: 0.1)\n            ^"), error.format());
    assertFalse(Files.exists(trainer()));
    assertEquals(0, run("v1").upToDate(), "the failed spec is compiled again next time");
  }

  @Test
  void aDirectoryThatIsNoPackageIsAnError() throws IOException {
    writeSpec("my-models/parabola.optspec", PARABOLA.formatted(100));
    SpecGeneration.Result result = run("v1");
    assertEquals(List.of(SpecGeneration.ERR_PACKAGE), result.diagnostics().stream().map(Diagnostic::key).toList());
    assertTrue(result.diagnostics().get(0).message().contains("'my-models' is not a Java package name"));
  }

  @Test
  void twoSpecsWithOneTrainerNameAreAnError() throws IOException {
    writeSpec("org/example/a.optspec", PARABOLA.formatted(100));
    writeSpec("org/example/b.optspec", PARABOLA.formatted(200));
    SpecGeneration.Result result = run("v1");
    assertEquals(List.of(SpecGeneration.ERR_DUPLICATE), result.diagnostics().stream().map(Diagnostic::key).toList());
  }

  static final String TINY = """
      trainer Tiny {
        data {
          source csv("tiny.csv", target: last)
          features 2
          classes 2
        }
        model {
          dense(2)
        }
        loss softmax_cross_entropy
        optimizer sgd(lr: 0.1)
        batch 4
        epochs 1
      }
      """;

  @Test
  void aTrainerSpecGeneratesTheTrainerAndItsInferenceModelAndDeletesBothWhenRemoved() throws IOException {
    Path spec = writeSpec("org/example/tiny.optspec", TINY);
    Path trainer = out().resolve("org/example/TinyTrainer.java");
    Path model = out().resolve("org/example/TinyModel.java");
    SpecGeneration.Result first = run("v1");
    assertTrue(first.ok(), first.diagnostics().toString());
    assertEquals(List.of(trainer, model), first.written());
    assertEquals(1, run("v1").upToDate());
    Files.delete(model);
    assertEquals(List.of(model), run("v1").written(), "a missing model makes the spec stale");
    Files.delete(spec);
    assertEquals(List.of(trainer, model), run("v1").deleted());
  }

  @Test
  void noSpecDirectoryIsNoWork() throws IOException {
    SpecGeneration.Result result = run("v1");
    assertTrue(result.ok());
    assertEquals(List.of(), result.written());
  }
}
