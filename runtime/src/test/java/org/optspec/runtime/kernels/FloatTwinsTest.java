package org.optspec.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The float kernels are generated from the double ones by {@code tools/twins/FloatTwins.java} (FloatGemm from
 * DoubleGemm, the float twin regions of NativeGemm, GemmPool and Vectors): the committed float code must be exactly
 * what the generator writes, so an edit of one half alone fails here. The generator runs as a Java source-file
 * program, the way a developer runs it.
 */
class FloatTwinsTest {

  private static final Path ROOT = Path.of("..");
  private static final Path GENERATOR = ROOT.resolve("tools/twins/FloatTwins.java");
  private static final Path KERNELS = Path.of("runtime/src/main/java/org/optspec/runtime/kernels");

  @Test
  void theCommittedFloatCodeIsWhatTheGeneratorWrites() throws Exception {
    Result r = check(ROOT);
    assertEquals(0, r.exit(), "run java tools/twins/FloatTwins.java from the repository root: " + r.output());
  }

  @Test
  void anEditOfTheFloatHalfAloneIsCaught(@TempDir Path copy) throws Exception {
    Path kernels = copy.resolve(KERNELS);
    Files.createDirectories(kernels);
    for (String name : List.of("DoubleGemm.java", "FloatGemm.java", "NativeGemm.java", "GemmPool.java", "Vectors.java")) {
      Files.copy(ROOT.resolve(KERNELS).resolve(name), kernels.resolve(name));
    }
    Path pool = kernels.resolve("GemmPool.java");
    String text = Files.readString(pool, StandardCharsets.UTF_8);
    String edited = text.replaceFirst("FloatGemm\\.dot\\(m, n, k,", "FloatGemm.dot(n, m, k,");
    assertTrue(!edited.equals(text), "the float twin of GemmPool.dot was not found");
    Files.writeString(pool, edited, StandardCharsets.UTF_8);
    Result r = check(copy);
    assertEquals(1, r.exit(), r.output());
    assertTrue(r.output().contains("GemmPool.java"), r.output());
  }

  private record Result(int exit, String output) {}

  private static Result check(Path root) throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), GENERATOR.toAbsolutePath().toString(), "--check",
        root.toAbsolutePath().toString()).redirectErrorStream(true).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the generator did not finish in 120 s");
    }
    return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }
}
