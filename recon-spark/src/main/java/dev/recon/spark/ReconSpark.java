package dev.recon.spark;

import org.apache.spark.sql.SparkSession;

/**
 * Spark session set-up shared by the jobs. On EMR spark-submit sets the master and the session is
 * taken as configured; with no master set (local mode, tests) it runs in {@code local[*]} bound to
 * loopback with the UI off.
 *
 * <p>The jobs do their own object I/O through the core {@code ObjectStore} port from executors, not
 * through a Hadoop file system: that keeps line numbers for quarantine records, bounds on
 * decompressed size, deterministic part-file names and exact byte offsets, and needs no Hadoop S3
 * connector locally.
 */
public final class ReconSpark {
  private ReconSpark() {}

  public static SparkSession session(String appName) {
    SparkSession.Builder b = SparkSession.builder().appName(appName);
    // a session stopped earlier in this JVM (the bench's local-cluster ones) stays this thread's
    // active session: it says nothing about a master, and taking it as one left the new session
    // without any ("A master URL must be set")
    if (SparkSession.getActiveSession().isDefined()
        && SparkSession.getActiveSession().get().sparkContext().isStopped()) {
      SparkSession.clearActiveSession();
    }
    boolean hasMaster =
        SparkSession.getActiveSession().isDefined() || System.getProperty("spark.master") != null;
    if (!hasMaster) {
      b = localConfig(b, "local[*]");
    }
    return b.getOrCreate();
  }

  /** A local session's settings: loopback only, no UI, small shuffles sized for a laptop. */
  public static SparkSession.Builder localConfig(SparkSession.Builder b, String master) {
    return b.master(master)
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.default.parallelism", "8")
        .config("spark.sql.adaptive.enabled", "true")
        .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .config("spark.sql.session.timeZone", "UTC");
  }
}
