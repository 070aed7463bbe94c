package dev.recon.cli.serve;

import static dev.recon.cli.serve.Html.text;

import dev.recon.core.config.TenantConfigs;
import dev.recon.core.cost.BatchCost;
import dev.recon.core.cost.CostService;
import dev.recon.core.layout.LedgerNames;
import dev.recon.core.metrics.IoMetric;
import dev.recon.core.metrics.StageMetrics;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.LedgerRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.StringJoiner;

/**
 * The operator's status page: stateful and stateless batches with their stages, counts and timings,
 * as one self-contained HTML document (inline CSS, no script) that refreshes itself with a {@code
 * <meta http-equiv="refresh">}, so it works under a strict Content-Security-Policy and needs no
 * JavaScript. Every ledger value is escaped with {@link Html#text}.
 *
 * <p>Rows carry stable hooks for tests and scripts: {@code <tr id="stateful-N"
 * data-status="SUCCESS">}, cells with {@code data-stage="prefetch"} and {@code data-count="read"}.
 */
final class StatusPage {
  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private StatusPage() {}

  /** The index an admin (or a server without tokens) sees at {@code /}: one link per tenant. */
  static String tenantIndex(java.util.SortedSet<dev.recon.core.tenant.TenantId> tenants) {
    StringBuilder h = new StringBuilder(2048);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>recon \u00b7 tenants</title>\n<style>")
        .append(CSS)
        .append("</style>\n</head>\n<body>\n<header>\n<h1>recon tenants</h1>\n</header>\n")
        .append("<ul id=\"tenants\">\n");
    for (dev.recon.core.tenant.TenantId t : tenants) {
      String id = Html.text(t.value());
      h.append("<li><a href=\"/tenants/")
          .append(id)
          .append("/\">")
          .append(id)
          .append("</a></li>\n");
    }
    return h.append("</ul>\n</body>\n</html>\n").toString();
  }

  static String render(BatchReport report, int refreshSeconds) {
    StringBuilder h = new StringBuilder(8192);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"refresh\" content=\"")
        .append(refreshSeconds)
        .append("\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>recon \u00b7 batches</title>\n<style>")
        .append(CSS)
        .append("</style>\n</head>\n<body>\n");
    h.append("<header>\n<h1>recon batches</h1>\n<p id=\"summary\">Read from the ledger at ")
        .append(time(report.generatedAt()))
        .append(" \u00b7 refreshes every ")
        .append(refreshSeconds)
        .append(" s \u00b7 ")
        .append("inputs: <span id=\"inputs-registered\">")
        .append(report.inputsRegistered())
        .append("</span> registered, ")
        .append("<span id=\"inputs-pending\">")
        .append(report.inputsPending())
        .append("</span> waiting to be planned \u00b7 ")
        .append("backlog: <span id=\"backlog-inputs\">")
        .append(report.backlog().inputs())
        .append("</span> inputs (")
        .append("<span id=\"backlog-bytes\">")
        .append(report.backlog().bytes())
        .append("</span> bytes) not yet reflected, oldest waiting ")
        .append("<span id=\"backlog-age\" data-seconds=\"")
        .append(report.backlog().age().getSeconds())
        .append("\">")
        .append(text(duration(report.backlog().age())))
        .append("</span> \u00b7 ")
        .append(configSummary(report.config()))
        .append(" \u00b7 ")
        .append("<a href=\"/api/batches\">JSON</a></p>\n</header>\n<main>\n");
    statefulSection(h, report.stateful());
    statelessSection(h, report.stateless());
    metricsSection(h, report);
    h.append("</main>\n</body>\n</html>\n");
    return h.toString();
  }

  /**
   * The tenant's current configuration version, who set it and when ({@code <span
   * id="config-version">}); version 0 is the deployment's settings.
   */
  private static String configSummary(TenantConfigs.Version v) {
    StringBuilder b =
        new StringBuilder("configuration: version <span id=\"config-version\">")
            .append(v.version())
            .append("</span>");
    if (v.version() == 0) {
      b.append(" (deployment settings)");
    } else {
      b.append(" (set by ")
          .append(text(String.valueOf(v.actor())))
          .append(" at ")
          .append(time(v.at()))
          .append(')');
    }
    return b.toString();
  }

  /** The configuration version a batch ran with: {@code <td class="config" data-version="N">}. */
  private static void configCell(StringBuilder h, LedgerRecord r) {
    Optional<Long> v = TenantConfigs.shownVersionOf(r);
    if (v.isEmpty()) {
      h.append("<td class=\"config\"></td>");
      return;
    }
    h.append("<td class=\"config\" data-version=\"")
        .append(v.get())
        .append("\">v")
        .append(v.get())
        .append("</td>");
  }

  private static void statefulSection(StringBuilder h, BatchReport.Section section) {
    heading(h, "stateful", "Stateful batches", section);
    h.append("<table id=\"stateful-batches\">\n<thead><tr><th>Batch</th><th>Status</th>");
    for (String stage : BatchReport.STATEFUL_STAGES) {
      h.append("<th>").append(text(capitalized(stage))).append("</th>");
    }
    h.append(
        "<th>Stateless</th><th>As of</th><th>Config</th><th>Counts</th><th>Cost</th><th>Started</th><th>Finished</th><th>Duration</th><th>Note</th></tr></thead>\n<tbody>\n");
    if (section.batches().isEmpty()) {
      empty(h, 13, "No stateful batches yet.");
    }
    for (BatchReport.Batch b : section.batches()) {
      LedgerRecord r = b.record();
      row(h, "stateful", b);
      for (String stage : BatchReport.STATEFUL_STAGES) {
        status(h, "data-stage=\"" + text(stage) + "\"", b.stages().get(stage));
      }
      String from = r.attribute(LedgerNames.STATELESS_FROM);
      String to = r.attribute(LedgerNames.STATELESS_TO);
      cell(
          h,
          "stateless",
          from == null
              ? null
              : Optional.ofNullable(to)
                  .filter(t -> !t.equals(from))
                  .map(t -> from + "\u2013" + t)
                  .orElse(from));
      cell(h, "as-of", timeOf(r.attribute(LedgerNames.WINDOW_END)));
      configCell(h, r);
      countsAndTimings(h, b);
    }
    h.append("</tbody>\n</table>\n</section>\n");
  }

  private static void statelessSection(StringBuilder h, BatchReport.Section section) {
    heading(h, "stateless", "Stateless batches", section);
    h.append(
            "<table id=\"stateless-batches\">\n<thead><tr><th>Batch</th><th>Status</th><th>Window</th>")
        .append(
            "<th>Stateful batch</th><th>Config</th><th>Counts</th><th>Cost</th><th>Started</th><th>Finished</th><th>Duration</th><th>Note</th></tr></thead>\n<tbody>\n");
    if (section.batches().isEmpty()) {
      empty(h, 11, "No stateless batches yet.");
    }
    for (BatchReport.Batch b : section.batches()) {
      LedgerRecord r = b.record();
      row(h, "stateless", b);
      String start = timeOf(r.attribute(LedgerNames.WINDOW_START));
      String end = timeOf(r.attribute(LedgerNames.WINDOW_END));
      cell(
          h,
          "window",
          start == null && end == null
              ? null
              : (start == null ? "?" : start) + " \u2013 " + (end == null ? "?" : end));
      cell(h, "stateful-batch", r.attribute(LedgerNames.STATEFUL_BATCH));
      configCell(h, r);
      countsAndTimings(h, b);
    }
    h.append("</tbody>\n</table>\n</section>\n");
  }

  /**
   * One row per stage and batch that recorded metrics, newest batch first, stateful stages before
   * the reducer: {@code <tr id="metrics-prefetch-0000000002" data-stage="prefetch">} with cells
   * {@code data-metric="eventsIn"} and so on.
   */
  private static void metricsSection(StringBuilder h, BatchReport report) {
    h.append(
            "<section id=\"metrics\">\n<h2>Stage metrics</h2>\n<table id=\"stage-metrics\">\n<thead><tr>")
        .append(
            "<th>Batch</th><th>Stage</th><th>In</th><th>Out</th><th>Quarantined</th><th>Duration</th>")
        .append(
            "<th>S3 GET / PUT</th><th>S3 read / written</th><th>DynamoDB reads / writes</th><th>Cache hit ratio</th>")
        .append("</tr></thead>\n<tbody>\n");
    int rows = 0;
    for (BatchReport.Section section : List.of(report.stateful(), report.stateless())) {
      for (BatchReport.Batch b : section.batches()) {
        for (StageMetrics m : b.metrics()) {
          metricsRow(h, b.record(), m);
          rows++;
        }
      }
    }
    if (rows == 0) {
      empty(h, 10, "No stage has reported metrics yet.");
    }
    h.append("</tbody>\n</table>\n</section>\n");
  }

  private static void metricsRow(StringBuilder h, LedgerRecord r, StageMetrics m) {
    String kind = r.kind() == BatchKind.STATELESS ? "S" : "N";
    h.append("<tr id=\"metrics-")
        .append(text(m.stage()))
        .append('-')
        .append(text(r.id()))
        .append("\" data-stage=\"")
        .append(text(m.stage()))
        .append("\"><td class=\"batch\">")
        .append(kind)
        .append(r.sequence())
        .append("</td>");
    cell(h, "stage", m.stage());
    metric(h, StageMetrics.EVENTS_IN, Long.toString(m.eventsIn()));
    metric(h, StageMetrics.EVENTS_OUT, Long.toString(m.eventsOut()));
    StringJoiner reasons = new StringJoiner(", ");
    m.quarantined().forEach((reason, n) -> reasons.add(reason + " " + n));
    metric(
        h,
        StageMetrics.QUARANTINED,
        m.quarantinedTotal() + (m.quarantined().isEmpty() ? "" : " (" + reasons + ")"));
    metric(h, StageMetrics.DURATION_MS, duration(Duration.ofMillis(m.durationMs())));
    metric(
        h,
        "s3Requests",
        m.io().get(IoMetric.S3_GET_REQUESTS) + " / " + m.io().get(IoMetric.S3_PUT_REQUESTS));
    metric(
        h,
        "s3Bytes",
        bytes(m.io().get(IoMetric.S3_BYTES_READ))
            + " / "
            + bytes(m.io().get(IoMetric.S3_BYTES_WRITTEN)));
    metric(
        h,
        "dynamoDb",
        m.io().get(IoMetric.DYNAMODB_READS) + " / " + m.io().get(IoMetric.DYNAMODB_WRITES));
    OptionalDouble ratio = m.cacheHitRatio();
    metric(
        h,
        "cacheHitRatio",
        ratio.isPresent()
            ? String.format(Locale.ROOT, "%.1f %%", 100 * ratio.getAsDouble())
            : null);
    h.append("</tr>\n");
  }

  private static void metric(StringBuilder h, String name, String value) {
    h.append("<td class=\"metric\" data-metric=\"")
        .append(text(name))
        .append("\">")
        .append(value == null ? "\u2013" : text(value))
        .append("</td>");
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    if (n < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
  }

  private static void heading(
      StringBuilder h, String kind, String title, BatchReport.Section section) {
    h.append("<section id=\"").append(kind).append("\">\n<h2>").append(text(title));
    if (section.total() > section.batches().size()) {
      h.append(" <small>(newest ")
          .append(section.batches().size())
          .append(" of ")
          .append(section.total())
          .append(")</small>");
    }
    h.append("</h2>\n");
  }

  private static void empty(StringBuilder h, int columns, String message) {
    h.append("<tr class=\"empty\"><td colspan=\"")
        .append(columns)
        .append("\">")
        .append(text(message))
        .append("</td></tr>\n");
  }

  private static void row(StringBuilder h, String kind, BatchReport.Batch b) {
    LedgerRecord r = b.record();
    h.append("<tr id=\"")
        .append(kind)
        .append('-')
        .append(text(r.id()))
        .append("\" data-status=\"")
        .append(text(r.status().name()))
        .append("\">")
        .append("<td class=\"batch\">")
        .append(r.sequence())
        .append("</td>");
    String attempts =
        r.count(BatchReport.ATTEMPTS) > 1 ? " (attempt " + r.count(BatchReport.ATTEMPTS) + ")" : "";
    h.append("<td class=\"status s-")
        .append(text(r.status().name()))
        .append("\">")
        .append(text(r.status().name()))
        .append(text(attempts))
        .append("</td>");
  }

  private static void countsAndTimings(StringBuilder h, BatchReport.Batch b) {
    LedgerRecord r = b.record();
    StringBuilder counts = new StringBuilder();
    for (Map.Entry<String, Long> c : r.counts().entrySet()) {
      // Per-reason and per-worker details (names with a dot) stay in the JSON.
      if (c.getKey().contains(".")
          || c.getKey().equals(BatchReport.DURATION_MS)
          || c.getKey().equals(BatchReport.ATTEMPTS)) {
        continue;
      }
      counts
          .append("<span class=\"count\" data-count=\"")
          .append(text(c.getKey()))
          .append("\">")
          .append(text(c.getKey()))
          .append(" <b>")
          .append(c.getValue())
          .append("</b></span> ");
    }
    h.append("<td class=\"counts\">").append(counts.toString().strip()).append("</td>");
    costCell(h, r);
    cell(h, "started", time(b.startedAt().orElse(r.createdAt())));
    cell(h, "finished", b.finishedAt().map(StatusPage::time).orElse(null));
    cell(h, "duration", b.duration().map(StatusPage::duration).orElse(null));
    cell(h, b.note().isPresent() ? "note" : "note none", b.note().orElse(null));
    h.append("</tr>\n");
  }

  /**
   * {@code <td class="cost" data-usd="0.0360050000" title="s3 … · emr … · prices:
   * …">$0.036005</td>}, or a dash while the batch has recorded no estimate.
   */
  private static void costCell(StringBuilder h, LedgerRecord r) {
    var cost = BatchCost.fromLedger(r);
    if (cost.isEmpty()) {
      cell(h, "cost", null);
      return;
    }
    StringJoiner parts = new StringJoiner(" \u00b7 ");
    for (CostService s : CostService.values()) {
      parts.add(s.key() + " " + BatchCost.display(cost.get().get(s)));
    }
    parts.add("prices: " + cost.get().priceTable());
    h.append("<td class=\"cost\" data-usd=\"")
        .append(text(cost.get().total().toPlainString()))
        .append("\" title=\"")
        .append(text(parts.toString()))
        .append("\">")
        .append(text(BatchCost.display(cost.get().total())))
        .append("</td>");
  }

  private static void status(StringBuilder h, String attributes, String status) {
    boolean none = status == null || status.isBlank();
    h.append("<td ")
        .append(attributes)
        .append(" class=\"status s-")
        .append(none ? "none" : text(status))
        .append("\">")
        .append(none ? "\u2013" : text(status))
        .append("</td>");
  }

  private static void cell(StringBuilder h, String cls, String value) {
    h.append("<td class=\"")
        .append(cls)
        .append("\">")
        .append(value == null ? "\u2013" : text(value))
        .append("</td>");
  }

  static String time(Instant t) {
    return TIME.format(t.truncatedTo(ChronoUnit.SECONDS));
  }

  /**
   * An ISO instant from the ledger, shown like the others; shown as stored when it does not parse.
   */
  private static String timeOf(String iso) {
    if (iso == null || iso.isBlank()) {
      return null;
    }
    try {
      return time(Instant.parse(iso));
    } catch (java.time.format.DateTimeParseException e) {
      return iso;
    }
  }

  static String duration(Duration d) {
    if (d.toMillis() < 1000) {
      return d.toMillis() + " ms";
    }
    long s = d.toSeconds();
    StringJoiner out = new StringJoiner(" ");
    if (s >= 3600) {
      out.add(s / 3600 + "h");
    }
    if (s >= 60) {
      out.add((s % 3600) / 60 + "m");
    }
    out.add(s % 60 + "s");
    return out.toString();
  }

  private static String capitalized(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static final String CSS =
      """
      body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#1d2330}
      h1{font-size:1.4rem;margin:0 0 .25rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
      #summary{color:#555;margin:0}
      table{border-collapse:collapse;width:100%}
      th,td{border-bottom:1px solid #dde1e8;padding:.3rem .5rem;text-align:left;vertical-align:top}
      th{background:#f3f5f8;font-weight:600}
      td.batch{font-variant-numeric:tabular-nums;text-align:right}
      .status{font-weight:600;white-space:nowrap}
      .s-SUCCESS{color:#1a7f37}.s-EXECUTING{color:#0969da}.s-INITIATED{color:#6e7781}
      .s-FAILURE{color:#cf222e}.s-CANCELED{color:#9a6700}
      .count{white-space:nowrap;margin-right:.5rem}
      td.note{color:#cf222e;max-width:30rem;overflow-wrap:anywhere}td.none,.s-none{color:#6e7781;font-weight:400}
      td.started,td.finished,td.as-of,td.window,td.duration,td.metric,td.cost{white-space:nowrap}
      td.cost{font-variant-numeric:tabular-nums}
      td.metric{font-variant-numeric:tabular-nums}
      tr.empty td{color:#6e7781;font-style:italic}
      """;
}
