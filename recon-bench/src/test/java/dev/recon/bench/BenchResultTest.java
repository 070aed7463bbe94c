package dev.recon.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchResultTest {
  static final List<String> ISSUE_7_KEYS =
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
          "peak_heap_mb");

  /** Issue 14's {@code reducer} section, after issue 7's keys. */
  static final List<String> REDUCER_KEYS =
      List.of(
          "reducer_vs_spark_json",
          "reducer_events_per_s",
          "reducer_raw_limit_events_per_s",
          "executor_scaling",
          "spark_stages_seconds_2m");

  /** Issue 15's cost keys and its lookups through the tenant route, last. */
  static final List<String> COST_KEYS =
      List.of(
          "usd_per_million_events",
          "transactional_usd_per_million_events",
          "tenant_lookup_cached_p99_ms",
          "tenant_lookup_uncached_p99_ms");

  /** Issue 16's matching section, last. */
  static final List<String> MATCH_KEYS =
      List.of("match_lines_per_s", "match_growth_ratio", "match_vs_hash_join");

  static final List<String> ALL_KEYS =
      java.util.stream.Stream.of(ISSUE_7_KEYS, REDUCER_KEYS, COST_KEYS, MATCH_KEYS)
          .flatMap(List::stream)
          .toList();

  static BenchResult sample() {
    Map<String, Double> f = new LinkedHashMap<>();
    double v = 1.5;
    for (String k : ALL_KEYS) {
      f.put(k, v);
      v += 1;
    }
    f.put("transactional_speedup", 25.0);
    f.put("history_growth_ratio", 1.4);
    f.put("cycle_events", 2_000_000.0);
    return new BenchResult(f, Map.of("cycle stages", "reduce 1.0 s"));
  }

  @Test
  void toJson_shouldBeOneObjectWithExactlyTheIssueKeysInOrder() throws Exception {
    JsonNode n = new ObjectMapper().readTree(sample().toJson());
    List<String> names = new ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactlyElementsOf(ALL_KEYS);
    n.forEach(v -> assertThat(v.isNumber()).isTrue());
    assertThat(n.get("cycle_events").asLong()).isEqualTo(2_000_000L);
    assertThat(n.get("transactional_speedup").asDouble()).isEqualTo(25.0);
  }

  @Test
  void toJson_shouldWriteNull_whenAFigureIsNotFinite() throws Exception {
    Map<String, Double> f = new LinkedHashMap<>(sample().figures());
    f.put("cycle_seconds", Double.NaN);
    JsonNode n = new ObjectMapper().readTree(new BenchResult(f, Map.of()).toJson());
    assertThat(n.get("cycle_seconds").isNull()).isTrue();
  }

  @Test
  void constructor_shouldRefuse_whenAKeyIsMissingOrExtra() {
    Map<String, Double> missing = new LinkedHashMap<>(sample().figures());
    missing.remove("peak_heap_mb");
    assertThatThrownBy(() -> new BenchResult(missing, Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    Map<String, Double> extra = new LinkedHashMap<>(sample().figures());
    extra.put("speed", 1.0);
    assertThatThrownBy(() -> new BenchResult(extra, Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void verdict_shouldCompareInTheGoalsDirection() {
    BenchResult r = sample();
    assertThat(r.verdict("transactional_speedup")).isEqualTo("met"); // 25 >= 20
    assertThat(r.verdict("history_growth_ratio")).isEqualTo("MISSED"); // 1.4 > 1.25
    assertThat(r.verdict("cycle_events")).isEmpty();
    assertThat(r.verdict("reducer_vs_spark_json")).isEqualTo("met"); // 14.5 >= 1.0
    assertThat(r.verdict("reducer_events_per_s")).isEmpty();
  }

  @Test
  void tableAndMarkdown_shouldListEveryKeyWithGoalsAndDetails() {
    BenchResult r = sample();
    String table = r.toTable();
    String md = r.toMarkdown("2 cores, load 3.1");
    for (String k : ALL_KEYS) {
      assertThat(table).contains(k);
      assertThat(md).contains("`" + k + "`");
    }
    assertThat(md)
        .contains("2 cores, load 3.1")
        .contains("| cycle stages | reduce 1.0 s |")
        .contains("bench.png")
        .contains("| `history_growth_ratio` | 1.4 | ≤ 1.25 | MISSED |");
  }
}
