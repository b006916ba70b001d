package org.optspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A spec reads data only inside its own folder tree: an absolute path, {@code ..} out of the tree and a symbolic link
 * that points out of it are refused before anything is read, with a located error naming {@code --allow-data-outside}
 * and {@code --data PATH}; either of those reads the file.
 */
class DataPathPolicyTest {

  /** The diabetes sample with its data source replaced, written to {@code dir/specs/d.optspec}. */
  private static Path spec(Path dir, String source) throws IOException {
    Path specs = Files.createDirectories(dir.resolve("specs"));
    String text = Files.readString(Cli.DIABETES).replace("csv(\"diabetes.csv\"", "csv(\"" + source + "\"")
        .replace("epochs 100", "epochs 1");
    assertTrue(text.contains(source));
    return Files.writeString(specs.resolve("d.optspec"), text);
  }

  private static void assertRefused(Cli.Run r, Path spec, String source) {
    assertEquals(1, r.status(), r.out() + r.err());
    assertTrue(r.err().contains(spec + ":7:12: error: the data source \"" + source + "\" resolves to "), r.err());
    assertTrue(r.err().contains("outside the spec's folder"), r.err());
    assertTrue(r.err().contains("run with --allow-data-outside to read it anyway, or give the file on the command line with"
        + " --data PATH"), r.err());
    assertFalse(r.out().contains("training rows"), "nothing was read or trained: " + r.out());
  }

  @Test
  void anAbsolutePathOutsideTheTreeIsRefused(@TempDir Path dir) throws IOException {
    Path spec = spec(dir, "/etc/passwd");
    assertRefused(Cli.run("train", spec.toString()), spec, "/etc/passwd");
  }

  @Test
  void dotDotOutOfTheTreeIsRefusedUnlessAllowedOrGivenWithData(@TempDir Path dir) throws IOException {
    Files.copy(Cli.DIABETES_CSV, dir.resolve("diabetes.csv"));
    Path spec = spec(dir, "../diabetes.csv");
    assertRefused(Cli.run("train", spec.toString()), spec, "../diabetes.csv");
    Cli.Run allowed = Cli.run("train", spec.toString(), "--allow-data-outside");
    assertEquals(0, allowed.status(), allowed.err());
    Cli.Run explicit = Cli.run("train", spec.toString(), "--data", dir.resolve("diabetes.csv").toString());
    assertEquals(0, explicit.status(), explicit.err());
    // trace and compare read the spec's data the same way
    assertRefused(Cli.run("trace", spec.toString(), "--steps", "1"), spec, "../diabetes.csv");
    assertRefused(Cli.run("compare", spec.toString(), spec.toString()), spec, "../diabetes.csv");
  }

  @Test
  void aSymbolicLinkOutOfTheTreeIsRefusedAndOneInsideIsFollowed(@TempDir Path dir) throws IOException {
    Files.copy(Cli.DIABETES_CSV, dir.resolve("diabetes.csv"));
    Path spec = spec(dir, "data/linked.csv");
    Files.createDirectories(dir.resolve("specs/data"));
    Files.createSymbolicLink(dir.resolve("specs/data/linked.csv"), dir.resolve("diabetes.csv"));
    assertRefused(Cli.run("train", spec.toString()), spec, "data/linked.csv");
    // a link inside the tree, to a file inside the tree
    Files.delete(dir.resolve("specs/data/linked.csv"));
    Files.move(dir.resolve("diabetes.csv"), dir.resolve("specs/diabetes.csv"));
    Files.createSymbolicLink(dir.resolve("specs/data/linked.csv"), Path.of("../diabetes.csv"));
    Cli.Run inside = Cli.run("train", spec.toString());
    assertEquals(0, inside.status(), inside.err());
  }

  @Test
  void aFileInASubfolderOfTheSpecsFolderIsInside(@TempDir Path dir) throws IOException {
    Path spec = spec(dir, "data/../data/diabetes.csv");
    Files.createDirectories(dir.resolve("specs/data"));
    Files.copy(Cli.DIABETES_CSV, dir.resolve("specs/data/diabetes.csv"));
    Cli.Run r = Cli.run("train", spec.toString());
    assertEquals(0, r.status(), r.err());
  }
}
