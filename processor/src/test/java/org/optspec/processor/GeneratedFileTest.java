package org.optspec.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class GeneratedFileTest {

  @Test
  void withoutGeneratedAnnotationDropsTheAnnotationAndItsImportOnly() throws IOException {
    String golden = Files.readString(Path.of("src/test/resources/golden/SchedCosineTrainer.java"));
    String plain = GeneratedFile.withoutGeneratedAnnotation(golden);
    assertFalse(plain.contains("Generated"), plain.substring(0, 600));
    String expected = golden.replace("import javax.annotation.processing.Generated;\n", "")
        .replace("@Generated(\n    value = \"org.optspec.processor.TrainerGenerator\",\n"
            + "    comments = \"from sched_cosine.optspec\"\n)\n", "");
    assertEquals(expected, plain);
    assertEquals(plain, GeneratedFile.withoutGeneratedAnnotation(plain), "a source without it is unchanged");
    String model = Files.readString(Path.of("src/test/resources/golden/DigitsClassifierModel.java"));
    String plainModel = GeneratedFile.withoutGeneratedAnnotation(model);
    assertFalse(plainModel.contains("Generated"));
    assertEquals(model.lines().count() - 5, plainModel.lines().count(), "the import and the annotation's four lines");
  }
}
