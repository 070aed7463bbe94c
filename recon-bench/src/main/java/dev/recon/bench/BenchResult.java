package dev.recon.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one run under issue 7's keys, plus where each cycle's time went, and how they are
 * shown: one JSON object, a table, a Markdown report.
 */
public final class BenchResult {
  /**
   * Exactly issue 7's keys, in its order, then issue 14's {@code reducer} section, then issue 15's
   * cost per million events (recon's batches as they recorded their cost, and the transactional
   * design's requests priced with the same table) and lookups through the tenant route of {@code
   * recon serve}.
   */
  public static final List<String> KEYS =
      List.of(
          "transactional_speedup",
          "s3_put_reduction_pct",
          "history_growth_ratio",
          "full_recompute_speedup",
          "indexer_vs_raw_ddb",
          "redis_artifacts_per_s",
          "lookup_p50_ms_cached",
          "lookup_p99_ms_cached",
          "lookup_p50_ms_uncached",
          "lookup_p99_ms_uncached",
          "cycle_events",
          "cycle_seconds",
          "peak_heap_mb",
          "reducer_vs_spark_json",
          "reducer_events_per_s",
          "reducer_raw_limit_events_per_s",
          "executor_scaling",
          "spark_stages_seconds_2m",
          "usd_per_million_events",
          "transactional_usd_per_million_events",
          "tenant_lookup_cached_p99_ms",
          "tenant_lookup_uncached_p99_ms",
          "match_lines_per_s",
          "match_growth_ratio",
          "match_vs_hash_join");

  /** Issue 7's goals: key → {bound, +1 for "at least", -1 for "at most"}. */
  public static final Map<String, double[]> GOALS = goals();

  private final Map<String, Double> figures;
  private final Map<String, String> details;

  public BenchResult(Map<String, Double> figures, Map<String, String> details) {
    if (!figures.keySet().equals(new java.util.HashSet<>(KEYS))) {
      throw new IllegalArgumentException(
          "figures must have exactly the keys " + KEYS + ": " + figures.keySet());
    }
    this.figures = new LinkedHashMap<>();
    KEYS.forEach(k -> this.figures.put(k, figures.get(k)));
    this.details = new LinkedHashMap<>(details);
  }

  public double get(String key) {
    return figures.get(key);
  }

  public Map<String, Double> figures() {
    return java.util.Collections.unmodifiableMap(figures);
  }

  public Map<String, String> details() {
    return java.util.Collections.unmodifiableMap(details);
  }

  private static Map<String, double[]> goals() {
    Map<String, double[]> g = new LinkedHashMap<>();
    g.put("transactional_speedup", new double[] {20, 1});
    g.put("s3_put_reduction_pct", new double[] {99.9, 1});
    g.put("history_growth_ratio", new double[] {1.25, -1});
    g.put("full_recompute_speedup", new double[] {10, 1});
    g.put("indexer_vs_raw_ddb", new double[] {0.8, 1});
    g.put("lookup_p99_ms_cached", new double[] {5, -1});
    g.put("lookup_p99_ms_uncached", new double[] {25, -1});
    g.put("match_growth_ratio", new double[] {1.5, -1});
    g.put("tenant_lookup_cached_p99_ms", new double[] {5, -1});
    g.put("tenant_lookup_uncached_p99_ms", new double[] {25, -1});
    g.put("reducer_vs_spark_json", new double[] {1.0, 1});
    g.put("executor_scaling", new double[] {1.6, 1});
    g.put("spark_stages_seconds_2m", new double[] {20, -1});
    return java.util.Collections.unmodifiableMap(g);
  }

  /** "met", "MISSED" or "" when the key has no goal. */
  public String verdict(String key) {
    double[] goal = GOALS.get(key);
    if (goal == null) {
      return "";
    }
    double v = get(key);
    boolean met = goal[1] > 0 ? v >= goal[0] : v <= goal[0];
    return met ? "met" : "MISSED";
  }

  static String goalText(String key) {
    double[] goal = GOALS.get(key);
    return goal == null ? "" : (goal[1] > 0 ? "≥ " : "≤ ") + number(goal[0]);
  }

  /** One JSON object, exactly the keys, numbers only (non-finite values become null). */
  public String toJson() {
    StringBuilder b = new StringBuilder("{");
    for (String k : KEYS) {
      if (b.length() > 1) {
        b.append(',');
      }
      double v = figures.get(k);
      b.append('"').append(k).append("\":").append(Double.isFinite(v) ? number(v) : "null");
    }
    return b.append('}').toString();
  }

  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    if (Math.abs(v) < 1) {
      // small figures (dollars per million events) keep five significant digits, not four places
      return new java.math.BigDecimal(v)
          .round(new java.math.MathContext(5))
          .stripTrailingZeros()
          .toPlainString();
    }
    return String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "");
  }

  /** A fixed-width table for the terminal. */
  public String toTable() {
    StringBuilder b =
        new StringBuilder(
            String.format(Locale.ROOT, "%-26s %14s %10s %7s%n", "figure", "value", "goal", ""));
    for (String k : KEYS) {
      b.append(
          String.format(
              Locale.ROOT, "%-26s %14s %10s %7s%n", k, number(get(k)), goalText(k), verdict(k)));
    }
    return b.toString();
  }

  /** The report: figures against goals, the machine, and the measurement details (stage times). */
  public String toMarkdown(String machine) {
    StringBuilder b = new StringBuilder("# recon bench\n\n");
    b.append("Machine: ").append(machine).append("\n\n");
    b.append("| figure | value | goal | |\n|---|---:|---|---|\n");
    for (String k : KEYS) {
      b.append("| `")
          .append(k)
          .append("` | ")
          .append(number(get(k)))
          .append(" | ")
          .append(goalText(k))
          .append(" | ")
          .append(verdict(k))
          .append(" |\n");
    }
    b.append("\n## Details\n\n| measurement | value |\n|---|---|\n");
    details.forEach((k, v) -> b.append("| ").append(k).append(" | ").append(v).append(" |\n"));
    b.append("\n![figures against goals](bench.png)\n");
    return b.toString();
  }
}
