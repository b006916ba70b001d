package org.optspec.grammar;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.optspec.spec.CheckResult;
import org.optspec.spec.Diagnostic;
import org.optspec.spec.SourceText;

/**
 * The front end never throws and never reports an internal error, whatever the text: every prefix of
 * every example, and random single-character mutations of them.
 */
class RobustnessTest {

  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz_0123456789 \n\t(){}[],:=+-*/^<>\".@#;'";

  @Test
  void everyPrefixOfEveryExampleIsHandled() throws IOException {
    int checked = 0;
    for (Path file : SpecResources.optspecFiles(SpecResources.SPECS)) {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      for (int end = 0; end <= text.length(); end++) {
        assertHandled(new SourceText(file.getFileName().toString(), text.substring(0, end)));
        checked++;
      }
    }
    assertTrue(checked > 1000, "checked " + checked + " prefixes");
  }

  @Test
  void randomSingleCharacterMutationsAreHandled() throws IOException {
    List<String> texts = new ArrayList<>();
    for (Path file : SpecResources.optspecFiles(SpecResources.SPECS)) {
      texts.add(Files.readString(file, StandardCharsets.UTF_8));
    }
    Random random = new Random(20240607);
    for (int i = 0; i < 600; i++) {
      String text = texts.get(random.nextInt(texts.size()));
      int at = random.nextInt(text.length());
      String mutated = switch (random.nextInt(3)) {
        case 0 -> text.substring(0, at) + text.substring(at + 1);
        case 1 -> text.substring(0, at) + randomChar(random) + text.substring(at);
        default -> text.substring(0, at) + randomChar(random) + text.substring(at + 1);
      };
      assertHandled(new SourceText("mutant" + i + ".optspec", mutated));
    }
  }

  private static char randomChar(Random random) {
    return ALPHABET.charAt(random.nextInt(ALPHABET.length()));
  }

  private static void assertHandled(SourceText source) {
    CheckResult result = Frontend.check(source);
    for (Diagnostic d : result.diagnostics()) {
      assertFalse(d.key().equals("optspec.err.internal"), () -> "internal error for:\n" + source.text() + "\n" + d);
      assertFalse(d.format().isEmpty());
    }
    assertTrue(result.ok() || !result.diagnostics().isEmpty(), "a failed check explains itself");
  }
}
