package org.optspec.spark;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spark standalone cluster on 127.0.0.1 from the test class path: a {@code Master} and {@code workers}
 * {@code Worker}s of one core each, every one its own JVM with Spark's module flags. Workers launch executors as
 * Spark does, with an empty {@code SPARK_HOME/jars} and the application's {@code spark.executor.extraClassPath}.
 * {@link #close} ends the executors, the workers and the master.
 */
final class StandaloneCluster implements AutoCloseable {
  /** How long the master and the workers may take to come up (a loaded machine starts JVMs slowly). */
  static final long WAIT_SECONDS = Long.getLong("optspec.spark.clusterWait", 120);

  private final Path dir;
  private final Process master;
  private final List<Process> workers = new ArrayList<>();
  private final int port;
  private final int webPort;

  private StandaloneCluster(Path dir, Process master, int port, int webPort) {
    this.dir = dir;
    this.master = master;
    this.port = port;
    this.webPort = webPort;
  }

  static StandaloneCluster start(Path dir, int workerCount) throws IOException, InterruptedException {
    Files.createDirectories(dir.resolve("home").resolve("jars"));
    int port = freePort();
    int webPort = freePort();
    Process master = launch(dir, "master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
        "--port", Integer.toString(port), "--webui-port", Integer.toString(webPort)));
    StandaloneCluster cluster = new StandaloneCluster(dir, master, port, webPort);
    try {
      cluster.await(() -> listening(port), "the master to listen on " + port);
      for (int i = 0; i < workerCount; i++) {
        Path work = Files.createDirectories(dir.resolve("worker-" + i));
        cluster.workers.add(launch(dir, "worker-" + i, List.of("org.apache.spark.deploy.worker.Worker", "--host",
            "127.0.0.1", "--cores", "1", "--memory", "1g", "--work-dir", work.toString(), "--webui-port",
            Integer.toString(freePort()), cluster.url())));
      }
      cluster.await(() -> cluster.aliveWorkers() == workerCount, workerCount + " workers to register");
      return cluster;
    } catch (IOException | InterruptedException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  String url() {
    return "spark://127.0.0.1:" + port;
  }

  /** The executor JVMs the workers started (Spark's CoarseGrainedExecutorBackend), alive now. */
  List<ProcessHandle> executors() {
    List<ProcessHandle> executors = new ArrayList<>();
    for (Process worker : workers) {
      worker.descendants().filter(ProcessHandle::isAlive).filter(p -> commandLine(p).contains("CoarseGrainedExecutorBackend"))
          .forEach(executors::add);
    }
    return executors;
  }

  /** A process's command line: /proc's on Linux (ProcessHandle.Info leaves out long ones), else the JDK's. */
  private static String commandLine(ProcessHandle p) {
    try {
      return new String(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline")), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return p.info().commandLine().orElse("");
    }
  }

  /** The master's count of ALIVE workers, from its JSON status page. */
  int aliveWorkers() {
    try (InputStream in = URI.create("http://127.0.0.1:" + webPort + "/json/").toURL().openStream()) {
      String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      Matcher m = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)").matcher(json);
      return m.find() ? Integer.parseInt(m.group(1)) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * The executors' class path: this one without {@code target/test-classes}, plus a directory with only the classes
   * of the test trainers {@code kept} (so the others are on the driver and not on the executors).
   */
  String executorClassPath(String... kept) throws IOException {
    List<String> entries = new ArrayList<>();
    Path classes = dir.resolve("executor-classes");
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      Path path = Path.of(entry);
      if (!path.endsWith("test-classes")) {
        entries.add(entry);
        continue;
      }
      for (String name : kept) {
        String pkg = name.substring(0, name.lastIndexOf('.')).replace('.', '/');
        String simple = name.substring(name.lastIndexOf('.') + 1);
        Path target = Files.createDirectories(classes.resolve(pkg));
        try (var files = Files.list(path.resolve(pkg))) {
          for (Path f : files.filter(f -> f.getFileName().toString().startsWith(simple + ".")
              || f.getFileName().toString().startsWith(simple + "$")).toList()) {
            Files.copy(f, target.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
      entries.add(classes.toString());
    }
    return String.join(java.io.File.pathSeparator, entries);
  }

  private static Process launch(Path dir, String name, List<String> mainAndArgs) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.addAll(Arrays.asList(System.getProperty("optspec.spark.addOpens", "").trim().split("\\s+")));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.addAll(mainAndArgs);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".log").toFile());
    builder.environment().put("SPARK_HOME", dir.resolve("home").toString());
    builder.environment().put("SPARK_SCALA_VERSION", "2.13");
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    builder.environment().put("SPARK_LOG_DIR", dir.toString());
    return builder.start();
  }

  private void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (!condition.getAsBoolean()) {
      if (!master.isAlive()) {
        throw new IllegalStateException("the master ended while waiting for " + what + "; see " + dir);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("waited " + WAIT_SECONDS + " s for " + what + "; logs in " + dir);
      }
      Thread.sleep(200);
    }
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    List<ProcessHandle> all = new ArrayList<>();
    for (Process worker : workers) {
      worker.descendants().forEach(all::add);
      all.add(worker.toHandle());
    }
    all.add(master.toHandle());
    master.descendants().forEach(all::add);
    all.forEach(ProcessHandle::destroy);
    for (ProcessHandle p : all) {
      try {
        p.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        p.destroyForcibly();
      }
    }
  }
}
