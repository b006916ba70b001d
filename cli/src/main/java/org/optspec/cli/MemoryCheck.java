package org.optspec.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.optspec.processor.emit.MemoryFootprint;
import org.optspec.spec.TrainerSpec;

/**
 * Before the data is loaded and the trainer allocated: the trainer's estimated footprint ({@link MemoryFootprint}) and
 * the data's (its file's size, about what its numbers take as doubles) against this JVM's maximum heap, so a spec too
 * big for it stops with a located error that says how much it needs and how to give the JVM more, instead of an
 * {@code OutOfMemoryError} minutes later.
 */
final class MemoryCheck {

  private MemoryCheck() {}

  /** Throws a {@link SpecCompilation.SpecFailure} when the run would not fit in {@code Runtime.maxMemory()}. */
  static void require(CompiledSpec spec, Path csv) {
    TrainerSpec trainer = spec.spec();
    Path data = csv != null ? csv
        : spec.file().toAbsolutePath().getParent().resolve(trainer.data().source().string("file"));
    long dataBytes = 0;
    try {
      if (Files.isRegularFile(data)) {
        dataBytes = Files.size(data);
      }
    } catch (IOException e) {
      // the data load reports the file
    }
    long heap = Runtime.getRuntime().maxMemory();
    long bytes = dataBytes;
    MemoryFootprint.of(trainer).flatMap(f -> f.check(trainer, heap, bytes)).ifPresent(d -> {
      throw new SpecCompilation.SpecFailure(List.of(d));
    });
  }
}
