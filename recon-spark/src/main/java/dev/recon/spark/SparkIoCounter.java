package dev.recon.spark;

import dev.recon.core.metrics.IoCounter;
import dev.recon.core.metrics.IoCounts;
import dev.recon.core.metrics.IoMetric;
import java.io.Serializable;
import java.util.EnumMap;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * An {@link IoCounter} over one Spark {@link LongAccumulator} per {@link IoMetric}: the counting
 * decorators on the executors add to it, the driver reads the sums ({@link #snapshot()}) after the
 * action. Serializable (only the accumulators travel), so Spark functions hold it like settings.
 *
 * <p>Accumulators updated inside transformations count every task attempt that ran, including a
 * recomputed stage's: for request counts that is right, those requests were made (and billed).
 */
public final class SparkIoCounter implements IoCounter, Serializable {
  private static final long serialVersionUID = 1L;
  private final EnumMap<IoMetric, LongAccumulator> accumulators;

  private SparkIoCounter(EnumMap<IoMetric, LongAccumulator> accumulators) {
    this.accumulators = accumulators;
  }

  /**
   * Registers the accumulators on the driver, named {@code <prefix>.<metric>} (visible in the Spark
   * UI).
   */
  public static SparkIoCounter register(SparkContext sc, String prefix) {
    EnumMap<IoMetric, LongAccumulator> acc = new EnumMap<>(IoMetric.class);
    for (IoMetric m : IoMetric.values()) {
      acc.put(m, sc.longAccumulator(prefix + "." + m.key()));
    }
    return new SparkIoCounter(acc);
  }

  @Override
  public void add(IoMetric metric, long n) {
    accumulators.get(metric).add(n);
  }

  /** The sums so far; meaningful on the driver after the actions ran. */
  public IoCounts snapshot() {
    EnumMap<IoMetric, Long> values = new EnumMap<>(IoMetric.class);
    accumulators.forEach((m, a) -> values.put(m, a.value()));
    return new IoCounts(values);
  }
}
