package dev.recon.core.metrics;

import java.util.EnumMap;
import java.util.concurrent.atomic.LongAdder;

/** Thread-safe in-JVM counts; {@link #snapshot()} gives an immutable copy. */
public final class IoCounters implements IoCounter {
  private final EnumMap<IoMetric, LongAdder> adders = new EnumMap<>(IoMetric.class);

  public IoCounters() {
    for (IoMetric m : IoMetric.values()) {
      adders.put(m, new LongAdder());
    }
  }

  @Override
  public void add(IoMetric metric, long n) {
    adders.get(metric).add(n);
  }

  public IoCounts snapshot() {
    EnumMap<IoMetric, Long> values = new EnumMap<>(IoMetric.class);
    adders.forEach((m, a) -> values.put(m, a.sum()));
    return new IoCounts(values);
  }
}
