package dev.recon.bench;

import dev.recon.aws.AwsClientFactory;
import dev.recon.core.contract.StatelessManifest;
import dev.recon.core.layout.LedgerNames;
import dev.recon.reducer.AwsObjectStoreProvider;
import dev.recon.reducer.ReducerConfig;
import dev.recon.reducer.StatelessReducerPipeline;
import dev.recon.spark.ReconSpark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;

/**
 * {@code executor_scaling} (issue 14): the reducer's wall time over the reducer section's input
 * object with one executor ÷ with two, on Spark's {@code local-cluster[N,1,M]} master, where every
 * executor is a JVM of its own with one core (so on a 2-core machine two executors are the whole
 * machine). Each side: 1 warm-up + {@link ReducerBench#ROUNDS} runs, the median counts.
 *
 * <p>How the cluster is started without a Spark installation: the Workers live in the bench JVM
 * ({@code local-cluster}) and launch executors with a {@code SPARK_HOME} that the bench assembles
 * under its work folder: an empty {@code jars/} (the executors get the bench JVM's own classpath as
 * {@code spark.executor.extraClassPath}, so they run the same classes as the driver) and {@code
 * launcher/target/scala-2.12} (how Spark's launcher learns the Scala version without {@code
 * SPARK_SCALA_VERSION}). A Worker in the driver JVM reads that home from {@code spark.test.home}
 * only while {@code spark.testing} is set, so both system properties are set for the section and
 * cleared after it. The job jars as deployed are proven on a standalone cluster in
 * recon-cluster-it; this section measures scaling, not packaging.
 */
final class ExecutorScaling {
  /** Memory per Worker (and executor), MiB. */
  static final int EXECUTOR_MIB = 2048;

  private final BenchConfig config;
  private final Consumer<String> log;
  private final Map<String, String> details;

  ExecutorScaling(BenchConfig config, Consumer<String> log, Map<String, String> details) {
    this.config = config;
    this.log = log;
    this.details = details;
  }

  /**
   * Runs the section over the landed input object {@code key} of {@code events} events. No other
   * Spark session may be active in this JVM (a JVM holds one SparkContext).
   */
  void run(AwsClientFactory c, String key, int events, Map<String, Double> f) {
    Path home = config.work().toAbsolutePath().normalize().resolve("spark-home");
    try {
      Files.createDirectories(home.resolve("jars"));
      Files.createDirectories(home.resolve("launcher/target/scala-2.12"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long[] batch = {10_000};
    double one = seconds(1, home, c, key, events, batch);
    double two = seconds(2, home, c, key, events, batch);
    f.put("executor_scaling", one / two);
    details.put(
        "reducer on local-cluster: 1 executor ÷ 2 executors (1 core each, median of "
            + ReducerBench.ROUNDS
            + ")",
        String.format(Locale.ROOT, "%.2f s ÷ %.2f s = %.2f", one, two, one / two));
    log.accept(String.format(Locale.ROOT, "  executors: 1 → %.2f s, 2 → %.2f s", one, two));
  }

  private double seconds(
      int executors, Path home, AwsClientFactory c, String key, int events, long[] batch) {
    log.accept("executors: reducer on local-cluster[" + executors + ",1," + EXECUTOR_MIB + "]");
    System.setProperty("spark.testing", "true");
    System.setProperty("spark.test.home", home.toString());
    SparkSession spark =
        ReconSpark.localConfig(
                SparkSession.builder().appName("recon-bench-executors-" + executors),
                "local-cluster[" + executors + ",1," + EXECUTOR_MIB + "]")
            .config("spark.executor.memory", EXECUTOR_MIB * 3 / 4 + "m")
            .config("spark.executor.extraClassPath", System.getProperty("java.class.path"))
            .config("spark.executorEnv.SPARK_SCALA_VERSION", "2.12")
            .config("spark.executorEnv.SPARK_LOCAL_IP", "127.0.0.1")
            .getOrCreate();
    try {
      int live = awaitExecutors(spark, executors);
      if (live != executors) {
        throw new IllegalStateException(
            "local-cluster started " + live + " executors, not " + executors);
      }
      AwsObjectStoreProvider stores = new AwsObjectStoreProvider(c.settings());
      ProcessCpu before = ProcessCpu.take();
      long wall0 = System.nanoTime();
      double median =
          ReducerBench.median(
              ReducerBench.ROUNDS + 1,
              () -> {
                long t0 = System.nanoTime();
                StatelessManifest m =
                    StatelessReducerPipeline.run(
                        spark,
                        stores,
                        ReducerConfig.of(++batch[0], List.of(key)),
                        c.settings().rules());
                double s = (System.nanoTime() - t0) / 1e9;
                if (m.count(LedgerNames.ACCEPTED) != events) {
                  throw new IllegalStateException("reducer accepted " + m.counts());
                }
                return s;
              });
      // taken before the executors stop: what each process spent over the 1 + ROUNDS runs
      Map<String, Double> cpu = ProcessCpu.take().since(before);
      double wall = (System.nanoTime() - wall0) / 1e9;
      details.put(
          "reducer on local-cluster[" + executors + "]: CPU seconds over all runs",
          String.format(
              Locale.ROOT,
              "%s (wall %.1f s × %d cores = %.1f core-seconds)",
              ProcessCpu.format(cpu),
              wall,
              Runtime.getRuntime().availableProcessors(),
              wall * Runtime.getRuntime().availableProcessors()));
      log.accept("  CPU on local-cluster[" + executors + "]: " + ProcessCpu.format(cpu));
      return median;
    } finally {
      spark.stop();
      // a stopped session left active would be taken for the next job's (ReconSpark.session)
      SparkSession.clearActiveSession();
      SparkSession.clearDefaultSession();
      System.clearProperty("spark.testing");
      System.clearProperty("spark.test.home");
    }
  }

  /** Waits (bounded) until the executors have registered; returns how many did. */
  private static int awaitExecutors(SparkSession spark, int wanted) {
    long deadline = System.nanoTime() + 120_000_000_000L;
    int live;
    while ((live = spark.sparkContext().statusTracker().getExecutorInfos().length - 1) < wanted
        && System.nanoTime() < deadline) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for executors", e);
      }
    }
    return live;
  }
}
