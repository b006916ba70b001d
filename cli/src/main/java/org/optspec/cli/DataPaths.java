package org.optspec.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.optspec.spec.Call;
import org.optspec.spec.Diagnostic;
import org.optspec.spec.DiagnosticKey;
import org.optspec.spec.TrainerSpec;

/**
 * The data-path policy: a spec is untrusted, so the file its data section names must lie inside the spec's own folder
 * tree, resolved as the operating system will open it ({@code ..} and symbolic links followed), not just as written.
 * {@code csv("/etc/passwd")}, {@code csv("../../../x.csv")} and a link that points out of the tree are refused with a
 * located error naming the two ways out: {@code --allow-data-outside} (the user vouches for the spec) and
 * {@code --data PATH} (a file given on the command line is the user's own choice and is not checked).
 */
final class DataPaths {

  static final String ALLOW_FLAG = "--allow-data-outside";

  private DataPaths() {}

  /** Throws a {@link SpecCompilation.SpecFailure} when the spec's data file resolves outside {@code specFile}'s folder. */
  static void requireInside(Path specFile, TrainerSpec spec, String dataFile) {
    Path dir = specFile.toAbsolutePath().getParent();
    Path root = real(dir);
    Path target = real(dir.resolve(dataFile));
    if (target.startsWith(root)) {
      return;
    }
    Call source = spec.data().source();
    String message = "the data source \"" + dataFile + "\" resolves to " + target + ", outside the spec's folder " + root
        + "; a spec reads data only inside its own folder tree: run with " + ALLOW_FLAG
        + " to read it anyway, or give the file on the command line with --data PATH";
    throw new SpecCompilation.SpecFailure(List.of(Diagnostic.error(DiagnosticKey.DATA_OUTSIDE.key(), message, source.pos(),
        spec.source())));
  }

  /**
   * Where {@code path} really is: its real path when it exists (links resolved), otherwise its deepest existing
   * ancestor's real path with the rest appended, normalized (a file that does not exist yet cannot hide behind a link).
   */
  static Path real(Path path) {
    try {
      // as the operating system resolves it: links first, then "..", element by element
      return path.toAbsolutePath().toRealPath();
    } catch (IOException e) {
      // does not exist (yet): below
    }
    Path absolute = path.toAbsolutePath().normalize();
    Path existing = absolute;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return absolute;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(absolute)).normalize();
    } catch (IOException e) {
      return absolute;
    }
  }
}
