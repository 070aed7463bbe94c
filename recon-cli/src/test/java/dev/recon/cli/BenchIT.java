package dev.recon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.bench.Bench;
import dev.recon.bench.BenchConfig;
import dev.recon.bench.BenchOutput;
import dev.recon.bench.BenchResult;
import dev.recon.cli.serve.BenchRoute;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole bench end to end at tiny sizes, with the real server for the tenant route: every figure
 * present and finite. Not a measurement. (In recon-cli, not recon-bench: the route is {@code recon
 * serve}'s.)
 */
class BenchIT {

  @Test
  void run_shouldReportEveryKeyFinite_atTinySizes(@TempDir Path dir) {
    BenchConfig tiny =
        new BenchConfig(400, 40, 40, 120, 20, 2, 60, 30, 100, 100, 2, 7, dir.resolve("work"));
    List<String> log = new ArrayList<>();
    BenchResult r = new Bench(tiny, log::add, new BenchRoute()).run();
    assertThat(r.figures().keySet()).containsExactlyElementsOf(BenchResult.KEYS);
    r.figures().forEach((k, v) -> assertThat(Double.isFinite(v)).as(k + " = " + v).isTrue());
    assertThat(r.get("cycle_events")).isEqualTo(400);
    assertThat(r.get("cycle_seconds")).isPositive();
    // 400 events: the transactional design puts one object per event; recon writes far fewer
    assertThat(r.get("s3_put_reduction_pct")).isPositive();
    assertThat(Long.parseLong(r.details().get("cycle: S3 PUT requests counted by recon's stages")))
        .as("the stages' own PUT counts reach the bench")
        .isPositive();
    assertThat(r.details().keySet())
        .as("both history sizes ran every round")
        .contains(
            "history cycle at 40 stored keys, round 2",
            "history cycle at 400 stored keys, round 2");
    // the reducer section ran both sides and the raw limit
    assertThat(r.get("reducer_vs_spark_json")).isPositive();
    assertThat(r.get("reducer_raw_limit_events_per_s")).isGreaterThan(0);
    assertThat(r.details()).containsKey("reducer: input");
    // ... the same input on one and two executor JVMs, and the cycle's three Spark stages
    assertThat(r.get("executor_scaling")).isPositive();
    assertThat(
            r.details()
                .get(
                    "reducer on local-cluster: 1 executor ÷ 2 executors (1 core each, median of 3)"))
        .contains("÷");
    assertThat(r.get("spark_stages_seconds_2m")).isPositive().isLessThan(r.get("cycle_seconds"));
    // the matching section ran recon's matcher and the hash join at both sizes
    assertThat(r.get("match_lines_per_s")).isPositive();
    assertThat(r.get("match_growth_ratio")).isPositive();
    assertThat(r.get("match_vs_hash_join")).isPositive();
    assertThat(r.details().get("matching: outcomes at 500 open lines")).contains("MATCHED");
    // the tenant route answered every lookup 200 (the bench fails on any other status)
    assertThat(r.get("tenant_lookup_cached_p99_ms")).isPositive();
    assertThat(r.get("tenant_lookup_uncached_p99_ms")).isPositive();
    assertThat(r.details())
        .containsKey("tenant route lookups p50 cached / uncached (HTTP, bearer token)")
        .containsKey("cached lookup parts p50 / p99: DynamoDB GetItem, Redis GET");
    // every cycle batch recorded its cost; the transactional design's requests cost more per event
    assertThat(r.get("usd_per_million_events")).isPositive();
    assertThat(r.get("transactional_usd_per_million_events"))
        .isGreaterThan(r.get("usd_per_million_events") / 1000);
    assertThat(r.details().get("cycle: batches without a recorded cost")).isEqualTo("0");
    // the bench stopped its local-cluster sessions: a job started after it in this JVM (as the
    // CLI's commands are in the later test classes) still gets a working local session
    assertThat(dev.recon.spark.ReconSpark.session("after-bench").range(3).count()).isEqualTo(3);
    BenchOutput.write(r, BenchOutput.machine(), dir.resolve("out"));
    assertThat(dir.resolve("out").resolve(BenchOutput.CHART)).exists();
  }
}
