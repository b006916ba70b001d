package org.optspec.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ServiceLoader;

/** {@code --ui}: the live page from the {@code optspec-ui} module, when it is on the class path. */
final class LivePages {

  private LivePages() {}

  /** The live page on {@code port} (0: ephemeral), its address printed; an {@link IOException} saying why not. */
  static LivePage start(Integer port, PrintStream out) throws IOException {
    if (port != null && (port < 0 || port > 65535)) {
      throw new IOException("--ui-port must be in 0..65535, got " + port);
    }
    LivePage.Provider provider = ServiceLoader.load(LivePage.Provider.class).findFirst().orElseThrow(() -> new IOException(
        "--ui needs the optspec-ui module on the class path: run ui/target/optspec-ui.jar (./optspec does with --ui)"));
    LivePage page = provider.start(port == null ? 0 : port);
    out.println("live page: " + page.address() + "  (Ctrl-C stops it)");
    out.flush();
    return page;
  }

  /** After training: serve on until Ctrl-C, or close now with {@code exit}. */
  static void finish(LivePage page, boolean exit, PrintStream out) {
    if (exit) {
      page.close();
      return;
    }
    out.println("training done; the live page stays at " + page.address() + " until Ctrl-C");
    Runtime.getRuntime().addShutdownHook(new Thread(page::close, "live-page-close"));
    try {
      page.awaitClose();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      page.close();
    }
  }
}
