package dev.recon.clusterit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A standalone Spark cluster on loopback, started from the Spark jars on Maven Central: one Master
 * and {@code workers} Workers, each a JVM of its own, launched from a {@code SPARK_HOME} whose
 * {@code jars/} the build assembled (PLATFORM.md: {@code SPARK_SCALA_VERSION=2.12}, {@code
 * SPARK_LOCAL_IP=127.0.0.1}). Every application gets executors the Workers start as further JVMs
 * ({@code CoarseGrainedExecutorBackend}); a job is submitted with Spark's own {@code SparkSubmit}
 * in a driver JVM of its own, as an EMR step does.
 *
 * <p>Every JVM here is started through recon-local's {@code ChildWatchdog}, so none outlives the
 * test JVM even when that one is SIGKILLed; executors exit with their Worker.
 */
final class SparkCluster implements AutoCloseable {
  static final List<String> JVM_OPENS =
      List.of(
          "-XX:+IgnoreUnrecognizedVMOptions",
          "-Djdk.reflect.useDirectMethodHandle=false",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
          "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
          "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED");

  private static final String WATCHDOG = "dev.recon.local.internal.ChildWatchdog";
  private static final Duration START_TIMEOUT = Duration.ofMinutes(5);

  private final Path sparkHome;
  private final Path dir;
  private final Path watchdog;
  private final String masterUrl;
  private final int workerCores;
  private final Process master;
  private final List<Process> workers;

  private SparkCluster(
      Path sparkHome,
      Path dir,
      Path watchdog,
      String masterUrl,
      int workerCores,
      Process master,
      List<Process> workers) {
    this.sparkHome = sparkHome;
    this.dir = dir;
    this.watchdog = watchdog;
    this.masterUrl = masterUrl;
    this.workerCores = workerCores;
    this.master = master;
    this.workers = workers;
  }

  /** Starts the Master and the Workers and returns once every Worker has registered. */
  static SparkCluster start(Path sparkHome, Path dir, int workers, int cores, int memoryMb) {
    try {
      Files.createDirectories(dir);
      Path watchdog = installWatchdog(dir.resolve("watchdog"));
      int[] ports = freePorts(2 + workers);
      String url = "spark://127.0.0.1:" + ports[0];
      Path masterLog = dir.resolve("master.log");
      Process master =
          launch(
              sparkHome,
              watchdog,
              List.of("-Xmx256m"),
              List.of(),
              List.of(
                  "org.apache.spark.deploy.master.Master",
                  "--host",
                  "127.0.0.1",
                  "--port",
                  Integer.toString(ports[0]),
                  "--webui-port",
                  Integer.toString(ports[1])),
              masterLog,
              dir);
      awaitLog(masterLog, "I have been elected leader", master);
      List<Process> started = new ArrayList<>();
      List<Path> logs = new ArrayList<>();
      for (int i = 0; i < workers; i++) {
        Path work = Files.createDirectories(dir.resolve("worker-" + i));
        Path log = dir.resolve("worker-" + i + ".log");
        logs.add(log);
        started.add(
            launch(
                sparkHome,
                watchdog,
                List.of("-Xmx256m"),
                List.of(),
                List.of(
                    "org.apache.spark.deploy.worker.Worker",
                    "--host",
                    "127.0.0.1",
                    "--cores",
                    Integer.toString(cores),
                    "--memory",
                    memoryMb + "M",
                    "--work-dir",
                    work.toString(),
                    "--webui-port",
                    Integer.toString(ports[2 + i]),
                    url),
                log,
                work));
      }
      for (int i = 0; i < workers; i++) {
        awaitLog(logs.get(i), "Successfully registered with master", started.get(i));
      }
      return new SparkCluster(sparkHome, dir, watchdog, url, cores, master, List.copyOf(started));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String masterUrl() {
    return masterUrl;
  }

  int totalCores() {
    return workerCores * workers.size();
  }

  /** A driver's request: the job jar and main, its arguments, environment and Spark settings. */
  record Job(
      String name,
      Path jar,
      String mainClass,
      List<String> args,
      Map<String, String> env,
      List<Path> classpathFirst,
      Map<String, String> conf) {}

  /**
   * {@code spark-submit --master <this cluster> --class <probe's StepMain> <job jar> <main> <args>}
   * in a driver JVM of its own whose classpath is {@code classpathFirst}, the driver helpers of
   * this module (no recon code) and {@code SPARK_HOME/jars/*}; recon's code comes only from the job
   * jar, on the driver and (through {@code spark.jars}) on the executors. {@code onLine} sees every
   * stdout line of the driver as it is printed (the probe's events among them).
   */
  Submission submit(Job job, Path driverHelpers, Consumer<String> onLine) {
    try {
      Path log = dir.resolve(job.name() + ".driver.log");
      List<String> args = new ArrayList<>();
      args.add("org.apache.spark.deploy.SparkSubmit");
      args.addAll(List.of("--master", masterUrl, "--deploy-mode", "client"));
      args.addAll(List.of("--class", "dev.recon.clusterit.driver.StepMain"));
      Map<String, String> conf = new LinkedHashMap<>();
      conf.put("spark.app.name", job.name());
      conf.put("spark.extraListeners", "dev.recon.clusterit.driver.TaskProbe");
      conf.put("spark.ui.enabled", "false");
      conf.put("spark.driver.host", "127.0.0.1");
      conf.put("spark.driver.bindAddress", "127.0.0.1");
      conf.put("spark.executor.cores", Integer.toString(workerCores));
      conf.put("spark.executor.memory", "640m");
      conf.put("spark.executor.extraJavaOptions", String.join(" ", executorJvmOptions()));
      // Every executor registered before the first task, so each job spreads over the cluster.
      conf.put("spark.scheduler.minRegisteredResourcesRatio", "1.0");
      conf.put("spark.scheduler.maxRegisteredResourcesWaitingTime", "300s");
      conf.putAll(job.conf());
      conf.forEach((k, v) -> args.addAll(List.of("--conf", k + "=" + v)));
      args.add(job.jar().toString());
      args.add(job.mainClass());
      args.addAll(job.args());
      List<Path> cp = new ArrayList<>(job.classpathFirst());
      cp.add(driverHelpers);
      List<String> jvm = new ArrayList<>(List.of("-Xmx768m", "-XX:+UseSerialGC"));
      Process p = launch(sparkHome, watchdog, jvm, cp, args, log, dir, job.env(), true);
      List<String> lines = new CopyOnWriteArrayList<>();
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = r.readLine()) != null) {
                    lines.add(line);
                    onLine.accept(line);
                  }
                } catch (IOException e) {
                  // the driver is gone; waitFor reports its exit
                }
              },
              "driver-stdout-" + job.name());
      reader.setDaemon(true);
      reader.start();
      return new Submission(job.name(), p, reader, lines, log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> executorJvmOptions() {
    List<String> out = new ArrayList<>(JVM_OPENS);
    out.add("-XX:+UseSerialGC");
    return out;
  }

  /** A submitted driver. */
  record Submission(
      String name, Process process, Thread reader, List<String> lines, Path driverLog) {
    /** Waits for the driver to exit and its stdout to be read; returns its exit status. */
    int await(Duration timeout) {
      try {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
          throw new AssertionError(name + ": driver still running after " + timeout);
        }
        reader.join(10_000);
        return process.exitValue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    String logTail(int n) {
      try {
        List<String> all = Files.readAllLines(driverLog, StandardCharsets.UTF_8);
        return String.join("\n", all.subList(Math.max(0, all.size() - n), all.size()));
      } catch (IOException e) {
        return "(no driver log: " + e + ")";
      }
    }
  }

  /**
   * The executor JVM of application {@code appId} with Spark's executor id {@code executorId}: a
   * descendant of a Worker whose command line runs {@code CoarseGrainedExecutorBackend}.
   */
  Optional<ProcessHandle> executor(String appId, String executorId) {
    return executors()
        .filter(
            h -> {
              List<String> a = List.of(h.info().arguments().orElse(new String[0]));
              int id = a.indexOf("--executor-id");
              int app = a.indexOf("--app-id");
              return id >= 0
                  && app >= 0
                  && executorId.equals(a.get(id + 1))
                  && appId.equals(a.get(app + 1));
            })
        .findFirst();
  }

  /** Every executor JVM now alive, of any application. */
  java.util.stream.Stream<ProcessHandle> executors() {
    return workers.stream()
        .flatMap(Process::descendants)
        .filter(ProcessHandle::isAlive)
        .filter(h -> h.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"));
  }

  /** Kills the executors, the Workers and the Master (SIGKILL: nothing of theirs is kept). */
  @Override
  public void close() {
    executors().forEach(ProcessHandle::destroyForcibly);
    for (Process w : workers) {
      w.descendants().forEach(ProcessHandle::destroyForcibly);
      w.destroyForcibly();
    }
    master.destroyForcibly();
    for (Process p : workers) {
      waitQuietly(p);
    }
    waitQuietly(master);
  }

  /** Deletes the cluster's folder (after {@link #close}). */
  void deleteFolder() {
    try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not delete " + dir + ": " + e);
    }
  }

  private static void waitQuietly(Process p) {
    try {
      p.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Process launch(
      Path sparkHome,
      Path watchdog,
      List<String> jvm,
      List<Path> classpathFirst,
      List<String> mainAndArgs,
      Path log,
      Path workDir)
      throws IOException {
    return launch(
        sparkHome, watchdog, jvm, classpathFirst, mainAndArgs, log, workDir, Map.of(), false);
  }

  private static Process launch(
      Path sparkHome,
      Path watchdog,
      List<String> jvm,
      List<Path> classpathFirst,
      List<String> mainAndArgs,
      Path log,
      Path workDir,
      Map<String, String> env,
      boolean pipeStdout)
      throws IOException {
    List<String> cp = new ArrayList<>();
    classpathFirst.forEach(p -> cp.add(p.toString()));
    cp.add(sparkHome.resolve("jars").toString() + "/*");
    cp.add(watchdog.toString());
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvm);
    cmd.addAll(JVM_OPENS);
    cmd.add("-cp");
    cmd.add(String.join(java.io.File.pathSeparator, cp));
    cmd.add(WATCHDOG);
    cmd.add(Long.toString(ProcessHandle.current().pid()));
    cmd.add("java");
    cmd.addAll(mainAndArgs);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
    pb.environment().put("SPARK_HOME", sparkHome.toString());
    pb.environment().put("SPARK_SCALA_VERSION", "2.12");
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().putAll(env);
    if (pipeStdout) {
      pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    } else {
      pb.redirectErrorStream(true);
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    }
    // stdin stays a pipe: its end-of-file (this JVM gone) stops the watchdog and its JVM.
    return pb.start();
  }

  private static void awaitLog(Path log, String marker, Process p) {
    await(
        () -> {
          if (!p.isAlive()) {
            throw new IllegalStateException(
                "exited (" + p.exitValue() + ") before '" + marker + "': " + tail(log));
          }
          return Files.exists(log) && contains(log, marker);
        },
        START_TIMEOUT,
        () -> "no '" + marker + "' in " + log + ": " + tail(log));
  }

  /** Polls {@code condition} every 50 ms until it holds (a condition, not a fixed sleep). */
  static void await(Supplier<Boolean> condition, Duration timeout, Supplier<String> what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.get()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + ": " + what.get());
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private static boolean contains(Path log, String marker) {
    try {
      return Files.readString(log, StandardCharsets.ISO_8859_1).contains(marker);
    } catch (IOException e) {
      return false;
    }
  }

  private static String tail(Path log) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
      return String.join("\n", all.subList(Math.max(0, all.size() - 30), all.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private static Path installWatchdog(Path dir) throws IOException {
    String resource = WATCHDOG.replace('.', '/') + ".class";
    Path target = dir.resolve(resource);
    Files.createDirectories(target.getParent());
    try (InputStream in = SparkCluster.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " not on the test classpath (recon-local)");
      }
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return dir;
  }

  private static int[] freePorts(int n) throws IOException {
    int[] out = new int[n];
    List<java.net.ServerSocket> open = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        java.net.ServerSocket s =
            new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        open.add(s);
        out[i] = s.getLocalPort();
      }
    } finally {
      for (java.net.ServerSocket s : open) {
        s.close();
      }
    }
    return out;
  }
}
