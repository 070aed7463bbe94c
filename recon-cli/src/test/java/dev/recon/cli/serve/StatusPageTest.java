package dev.recon.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.config.TenantConfig;
import dev.recon.core.config.TenantConfigs;
import dev.recon.core.layout.LedgerNames;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.testing.InMemoryBatchLedger;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusPageTest {
  private static final Clock NOW =
      Clock.fixed(Instant.parse("2026-11-22T10:12:30Z"), ZoneOffset.UTC);

  private static String page(int limit) {
    return StatusPage.render(BatchReport.read(Batches.readOnly(Batches.seed()), NOW, limit), 5);
  }

  @Test
  void render_shouldEscapeLedgerText_whenANoteHoldsMarkup() {
    // GIVEN stateful batch 3 failed with an error message full of markup
    // WHEN
    String html = page(50);

    // THEN the note is text: no element, no attribute, no unescaped quote from the ledger
    assertThat(html)
        .doesNotContain("<script")
        .doesNotContain("<img")
        .doesNotContain("\"quoted\"")
        .contains(
            "&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quoted&quot;");
  }

  @Test
  void render_shouldShowEachBatchsRecordedCost_inTheCostColumn() {
    String html = page(50);

    // stateless 1 recorded $0.0248798806 (BatchesJsonTest works it out); stateless 2 runs
    assertThat(html)
        .contains("<th>Counts</th><th>Cost</th><th>Started</th>")
        .containsSubsequence(
            "id=\"stateless-0000000002\"",
            "<td class=\"cost\">\u2013</td>",
            "id=\"stateless-0000000001\"",
            "<td class=\"cost\" data-usd=\"0.0248798806\" title=\"s3 $0.0000362 \u00b7 dynamodb $0.00"
                + " \u00b7 lambda $0.00 \u00b7 emr $0.0248436806 \u00b7 prices: aws-on-demand-us-east-1"
                + " us-east-1 2024-11-01\">$0.0248798806</td>");
  }

  @Test
  void render_shouldShowStageMetricsAndBacklog_whenStagesRecordedThem() {
    // WHEN
    String html = page(50);

    // THEN one metrics row per stage that reported, newest batch first, values as recorded
    assertThat(html)
        .containsSubsequence(
            "<tr id=\"metrics-prefetch-0000000001\" data-stage=\"prefetch\">",
            "data-metric=\"eventsIn\">120</td>",
            "data-metric=\"eventsOut\">40</td>",
            "data-metric=\"dynamoDb\">120 / 0</td>",
            "data-metric=\"cacheHitRatio\">75.0 %</td>",
            "<tr id=\"metrics-reduce-0000000001\" data-stage=\"reduce\">",
            "data-metric=\"eventsIn\">1000</td>",
            "data-metric=\"eventsOut\">990</td>",
            "data-metric=\"s3Requests\">3 / 7</td>");
    // AND a hostile reason name is text
    assertThat(html)
        .contains(
            "data-metric=\"quarantined\">4 (&lt;script&gt;document.title=&#39;owned&#39;&lt;/script&gt; 1, BAD_AMOUNT 3)</td>")
        .doesNotContain("<script");
    assertThat(html).contains("<span id=\"backlog-inputs\">3</span>");
  }

  @Test
  void render_shouldListBatchesNewestFirstWithStagesCountsAndTimings_whenTheLedgerHasThem() {
    // WHEN
    String html = page(50);

    // THEN stateful 3, 2, 1 then stateless 2, 1
    assertThat(html)
        .containsSubsequence(
            "id=\"stateful-0000000003\"",
            "id=\"stateful-0000000002\"",
            "id=\"stateful-0000000001\"",
            "id=\"stateless-0000000002\"",
            "id=\"stateless-0000000001\"");
    // stages in assembly-line order, a missing one as a dash
    assertThat(html)
        .containsSubsequence(
            "id=\"stateful-0000000002\" data-status=\"EXECUTING\"",
            "data-stage=\"prefetch\" class=\"status s-SUCCESS\">SUCCESS",
            "data-stage=\"process\" class=\"status s-EXECUTING\">EXECUTING",
            "data-stage=\"index\" class=\"status s-none\">\u2013",
            "<td class=\"stateless\">2\u20133</td>");
    // totals shown, per-reason details and timing counts left to the JSON
    assertThat(html)
        .contains(
            "data-count=\"read\">read <b>1000</b>",
            "data-count=\"quarantined\">quarantined <b>3</b>")
        .doesNotContain("data-count=\"quarantined.BAD_AMOUNT\"")
        .doesNotContain("data-count=\"durationMs\"");
    // timings: recorded duration, running time of an executing batch, attempts
    assertThat(html)
        .contains(
            "<td class=\"duration\">1m 15s</td>",
            "<td class=\"duration\">1m 30s</td>",
            "FAILURE (attempt 2)",
            "<meta http-equiv=\"refresh\" content=\"5\">");
    assertThat(html)
        .contains(
            "<span id=\"inputs-registered\">3</span>", "<span id=\"inputs-pending\">1</span>");
  }

  @Test
  void render_shouldSayHowManyAreHidden_whenTheLimitCutsTheList() {
    // WHEN
    String html = page(1);

    // THEN
    assertThat(html)
        .contains("Stateful batches <small>(newest 1 of 3)</small>")
        .contains("id=\"stateful-0000000003\"")
        .doesNotContain("id=\"stateful-0000000002\"");
  }

  @Test
  void render_shouldShowTheCurrentConfigVersion_andTheOneEachBatchRanWith() throws Exception {
    // GIVEN the seed's batches, stateful 1 having run with configuration version 1, and the
    // tenant's configuration now at version 2 (set by "<b>bob</b>", shown as text)
    InMemoryBatchLedger ledger = new InMemoryBatchLedger();
    for (LedgerRecord r : Batches.seed()) {
      ledger.create(
          r.kind() == BatchKind.STATEFUL && r.sequence() == 1
              ? r.withAttributes(Map.of(LedgerNames.CONFIG_VERSION, "1"))
              : r);
    }
    TenantConfigs configs = new TenantConfigs(ledger, NOW);
    TenantConfig tolerance = new TenantConfig(null, null, null, new BigDecimal("0.05"), null, null);
    configs.set(0, tolerance, "ann");
    configs.set(1, new TenantConfig(10L, null, null, null, null, null), "<b>bob</b>");

    // WHEN
    BatchReport report = BatchReport.read(ledger, NOW, 50);
    String html = StatusPage.render(report, 5);
    String json = new String(BatchesJson.encode(report), java.nio.charset.StandardCharsets.UTF_8);

    // THEN the summary names version 2 and its author; each batch row its own version
    assertThat(html)
        .contains(
            "configuration: version <span id=\"config-version\">2</span> (set by"
                + " &lt;b&gt;bob&lt;/b&gt; at 2026-11-22 10:12:30Z)")
        .containsSubsequence(
            "id=\"stateful-0000000002\"",
            "<td class=\"config\" data-version=\"0\">v0</td>",
            "id=\"stateful-0000000001\"",
            "<td class=\"config\" data-version=\"1\">v1</td>");
    // AND /api/batches says the same
    var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
    assertThat(tree.get("configVersion").asLong()).isEqualTo(2);
    var stateful = tree.get("stateful").get("batches");
    List<Long> versions = new java.util.ArrayList<>();
    stateful.forEach(b -> versions.add(b.get("configVersion").asLong()));
    assertThat(versions).containsExactly(0L, 0L, 1L);
  }

  @Test
  void render_shouldSayThereAreNoBatches_whenTheLedgerIsEmpty() {
    // WHEN
    String html = StatusPage.render(BatchReport.read(Batches.readOnly(List.of()), NOW, 50), 5);

    // THEN
    assertThat(html).contains("No stateful batches yet.", "No stateless batches yet.");
  }

  @Test
  void text_shouldEscapeMarkupQuotesAndControlCharacters_whenGivenLedgerText() {
    assertThat(Html.text("a<b>&\"c'\u0000\u0007\u0085\td\n"))
        .isEqualTo("a&lt;b&gt;&amp;&quot;c&#39;\uFFFD\uFFFD\uFFFD\td\n");
    assertThat(Html.text("plain")).isEqualTo("plain");
    assertThat(Html.text(null)).isEmpty();
  }

  @Test
  void duration_shouldReadLikeAClock_whenFormatted() {
    assertThat(StatusPage.duration(Duration.ofMillis(850))).isEqualTo("850 ms");
    assertThat(StatusPage.duration(Duration.ofSeconds(42))).isEqualTo("42s");
    assertThat(StatusPage.duration(Duration.ofSeconds(3723))).isEqualTo("1h 2m 3s");
  }
}
