package dev.recon.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The one local Spark session of a test JVM ({@code local[2]}, as on CI's two cores). Test classes
 * call {@link #session()} and never stop it; it ends with the JVM.
 */
public final class SharedSpark {
  private static SparkSession session;

  private SharedSpark() {}

  public static synchronized SparkSession session() {
    if (session == null) {
      session =
          ReconSpark.localConfig(SparkSession.builder().appName("recon-tests"), "local[2]")
              .config("spark.sql.shuffle.partitions", "4")
              .config("spark.default.parallelism", "4")
              .getOrCreate();
    }
    return session;
  }
}
