package dev.recon.core.metrics;

import java.io.Serializable;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/** An immutable set of {@link IoMetric} values; absent metrics are zero. */
public record IoCounts(Map<IoMetric, Long> values) implements Serializable {
  public static final IoCounts ZERO = new IoCounts(Map.of());

  public IoCounts {
    EnumMap<IoMetric, Long> copy = new EnumMap<>(IoMetric.class);
    for (IoMetric m : IoMetric.values()) {
      Long v = values == null ? null : values.get(m);
      if (v != null && v < 0) {
        throw new IllegalArgumentException(m + " is negative: " + v);
      }
      copy.put(m, v == null ? 0L : v);
    }
    values = Collections.unmodifiableMap(copy);
  }

  public long get(IoMetric metric) {
    return values.get(metric);
  }

  public IoCounts plus(IoCounts other) {
    EnumMap<IoMetric, Long> sum = new EnumMap<>(IoMetric.class);
    for (IoMetric m : IoMetric.values()) {
      sum.put(m, Math.addExact(get(m), other.get(m)));
    }
    return new IoCounts(sum);
  }

  /** Hits over lookups, empty when nothing was looked up. */
  public OptionalDouble cacheHitRatio() {
    long lookups = get(IoMetric.CACHE_HITS) + get(IoMetric.CACHE_MISSES);
    return lookups == 0
        ? OptionalDouble.empty()
        : OptionalDouble.of((double) get(IoMetric.CACHE_HITS) / lookups);
  }

  /** Every value under {@code prefix + metric.key()}. */
  public Map<String, Long> toMap(String prefix) {
    Map<String, Long> out = new TreeMap<>();
    values.forEach((m, v) -> out.put(prefix + m.key(), v));
    return out;
  }

  /** The inverse of {@link #toMap}: names that are missing read as zero. */
  public static IoCounts fromMap(String prefix, Map<String, Long> map) {
    EnumMap<IoMetric, Long> values = new EnumMap<>(IoMetric.class);
    for (IoMetric m : IoMetric.values()) {
      Long v = map.get(prefix + m.key());
      if (v != null) {
        values.put(m, v);
      }
    }
    return new IoCounts(values);
  }
}
