package org.optspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** {@code --ui} without the optspec-ui module: the command line itself pulls no web server, and says what is missing. */
class LiveUiOptionTest {

  @Test
  void withoutTheUiModuleTrainUiSaysWhatIsMissing() {
    assertTrue(ServiceLoader.load(LivePage.Provider.class).findFirst().isEmpty(), "cli's class path has no live page server");
    Cli.Run r = Cli.run("train", Cli.DIABETES.toString(), "--epochs", "1", "--ui");
    assertEquals(1, r.status(), r.out());
    assertTrue(r.err().contains("--ui needs the optspec-ui module on the class path"), r.err());
    Cli.Run objectives = Cli.run("compare", "../docs/examples/rosenbrock_adam.optspec", "../docs/examples/rosenbrock_lion.optspec", "--ui");
    assertEquals(1, objectives.status());
    assertTrue(objectives.err().contains("--ui shows trainers' runs; these specs are objectives"), objectives.err());
  }
}
