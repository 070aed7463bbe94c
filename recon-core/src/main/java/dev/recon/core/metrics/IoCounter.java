package dev.recon.core.metrics;

/**
 * Where the counting decorators add what they count. Implementations are thread-safe: a stage's I/O
 * runs on pools. Serializable, because Spark functions carry one to the executors. {@link
 * IoCounters} keeps the counts in this JVM; the Spark jobs use an implementation over accumulators
 * so executor counts reach the driver.
 */
@FunctionalInterface
public interface IoCounter extends java.io.Serializable {
  IoCounter NONE = (metric, n) -> {};

  void add(IoMetric metric, long n);

  default void increment(IoMetric metric) {
    add(metric, 1);
  }
}
