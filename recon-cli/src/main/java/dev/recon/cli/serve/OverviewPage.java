package dev.recon.cli.serve;

import dev.recon.cli.serve.Console.Bar;
import dev.recon.cli.serve.Console.Chart;
import dev.recon.cli.serve.Console.Field;
import dev.recon.cli.serve.Console.Frame;
import dev.recon.cli.serve.Console.Legend;
import dev.recon.cli.serve.Console.OverviewView;
import dev.recon.cli.serve.Console.RecentBatch;
import dev.recon.core.contract.ArtifactCensus;
import dev.recon.core.layout.LedgerNames;
import dev.recon.core.metrics.StageMetrics;
import dev.recon.core.model.ArtifactStatus;
import dev.recon.core.model.LedgerRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The overview at {@code /}: the backlog, the last stateful batches, and four charts drawn by the
 * server as inline SVG from the same ledger read as the status page ({@link BatchReport}): events
 * read per stateless batch, stage durations per stateful batch (stacked), backlog age at each
 * stateful batch's finish (finished minus its as-of: how old the newest reflected data was when it
 * became visible), and the quarantine ratio per stateless batch.
 */
final class OverviewPage {
  /** Batches per chart: the newest ones, drawn oldest to newest. */
  static final int CHART_BATCHES = 30;

  static final int RECENT = 10;
  private static final int W = 600;
  private static final int H = 160;
  private static final List<String> STAGE_COLOURS = List.of("#0969da", "#1a7f37", "#9a6700");

  private OverviewPage() {}

  static OverviewView build(Frame frame, BatchReport report) {
    return build(frame, report, Optional.empty());
  }

  /**
   * The overview, with the open matching items of the latest matched batch aged at its as-of time
   * (as {@code recon breaks} and {@code /api/breaks} without {@code asOf}), when one exists.
   */
  static OverviewView build(
      Frame frame, BatchReport report, Optional<dev.recon.core.match.MatchBook.Latest> matching) {
    List<Field> backlog =
        List.of(
            new Field("inputs waiting to be planned", Long.toString(report.inputsPending())),
            new Field("inputs not yet reflected", Long.toString(report.backlog().inputs())),
            new Field("their bytes", Long.toString(report.backlog().bytes())),
            new Field("oldest waiting", StatusPage.duration(report.backlog().age())),
            new Field("read from the ledger at", report.generatedAt().toString()));
    List<RecentBatch> recent = new ArrayList<>();
    for (BatchReport.Batch b : report.stateful().batches()) {
      if (recent.size() == RECENT) {
        break;
      }
      LedgerRecord r = b.record();
      String from = r.attribute(LedgerNames.STATELESS_FROM);
      recent.add(
          new RecentBatch(
              r.id(),
              r.status().name(),
              Optional.ofNullable(r.attribute(LedgerNames.WINDOW_END)).orElse(""),
              b.duration().map(StatusPage::duration).orElse(""),
              frame.href("ui/batches#stateful-" + r.id()),
              from == null || !from.matches("[0-9]{1,18}")
                  ? null
                  : frame.href("ui/quarantine?batch=" + Long.parseLong(from))));
    }
    List<BatchReport.Batch> stateless = oldestFirst(report.stateless().batches());
    List<BatchReport.Batch> stateful = oldestFirst(report.stateful().batches());
    List<Chart> charts = new ArrayList<>();
    charts.add(
        bars(
            "chart-events",
            "Events read per stateless batch",
            "events",
            stateless,
            b -> b.record().count(LedgerNames.READ),
            "#0969da"));
    charts.add(stages(stateful));
    charts.add(
        bars(
            "chart-backlog-age",
            "Backlog age at each stateful batch's finish (finished − as-of)",
            "seconds",
            stateful,
            b -> lagSeconds(b.record()),
            "#9a6700"));
    charts.add(
        bars(
            "chart-quarantine",
            "Quarantine ratio per stateless batch (quarantined / read)",
            "ratio",
            stateless,
            b ->
                b.record().count(LedgerNames.READ) == 0
                    ? 0
                    : (double) b.record().count(LedgerNames.QUARANTINED)
                        / b.record().count(LedgerNames.READ),
            "#cf222e"));
    List<Console.BreakTotal> breaks = List.of();
    String breaksNote;
    if (matching.isEmpty()) {
      breaksNote = "No batch has been matched yet (no rule set in force, or nothing run with one).";
    } else {
      dev.recon.core.match.MatchBook.Latest l = matching.get();
      Instant at = l.asOfOr(null);
      var items = dev.recon.core.match.Breaks.of(l.state(), l.rules(), at);
      breaks = Console.BreakTotal.of(items, l.rules().agingBuckets());
      breaksNote =
          items.size()
              + " open item(s) as of "
              + at
              + " (matched through batch "
              + l.manifest().batch()
              + "); every item with its reason: the breaks page, recon breaks, or the JSON below.";
    }
    List<Field> artifacts = new ArrayList<>();
    String artifactsNote =
        "No stateful batch has counted its artifacts yet (none has run, or every one ran before"
            + " the census was kept).";
    Optional<ArtifactCensus.Counted> counted =
        ArtifactCensus.newest(
            report.stateful().batches().stream().map(BatchReport.Batch::record).toList());
    if (counted.isPresent()) {
      ArtifactCensus census = counted.get().census();
      LedgerRecord r = counted.get().batch();
      for (ArtifactStatus s :
          List.of(ArtifactStatus.OPEN, ArtifactStatus.AGED, ArtifactStatus.RECONCILED)) {
        artifacts.add(new Field(s.name(), Long.toString(census.of(s))));
      }
      artifacts.add(new Field("all", Long.toString(census.total())));
      artifactsNote =
          "Every artifact at its newest version through stateful batch "
              + r.id()
              + Optional.ofNullable(r.attribute(LedgerNames.WINDOW_END))
                  .map(t -> " (as of " + t + ")")
                  .orElse("")
              + ", by the status stored with it: aging is evaluated at each version's as-of, so an"
              + " OPEN artifact no later batch touched stays OPEN here; recon report --as-of T"
              + " ages every artifact again at T.";
    }
    return new OverviewView(
        new Frame("overview", frame.base(), frame.tenant()),
        backlog,
        recent,
        artifacts,
        artifactsNote,
        breaks,
        breaksNote,
        frame.href("api/breaks"),
        charts);
  }

  private static List<BatchReport.Batch> oldestFirst(List<BatchReport.Batch> newestFirst) {
    List<BatchReport.Batch> out =
        new ArrayList<>(newestFirst.subList(0, Math.min(CHART_BATCHES, newestFirst.size())));
    java.util.Collections.reverse(out);
    return out;
  }

  private static double lagSeconds(LedgerRecord r) {
    Optional<Instant> asOf = instant(r.attribute(LedgerNames.WINDOW_END));
    Optional<Instant> finished = instant(r.attribute(LedgerNames.FINISHED_AT));
    if (asOf.isEmpty() || finished.isEmpty()) {
      return 0;
    }
    return Math.max(0, Duration.between(asOf.get(), finished.get()).toMillis() / 1000.0);
  }

  private static Chart bars(
      String id,
      String title,
      String unit,
      List<BatchReport.Batch> batches,
      ToDoubleFunction<BatchReport.Batch> value,
      String fill) {
    double max = 0;
    for (BatchReport.Batch b : batches) {
      max = Math.max(max, value.applyAsDouble(b));
    }
    List<Bar> out = new ArrayList<>();
    double slot = batches.isEmpty() ? W : (double) W / batches.size();
    for (int i = 0; i < batches.size(); i++) {
      double v = value.applyAsDouble(batches.get(i));
      double h = max == 0 ? 0 : v / max * (H - 10);
      out.add(
          new Bar(
              num(i * slot + slot * 0.1),
              num(H - h),
              num(slot * 0.8),
              num(h),
              fill,
              "batch " + batches.get(i).record().id() + ": " + format(v) + " " + unit));
    }
    return new Chart(
        id,
        title,
        format(max) + " " + unit,
        batches.isEmpty() ? "No batches yet." : null,
        W,
        H,
        out,
        List.of());
  }

  private static Chart stages(List<BatchReport.Batch> batches) {
    List<String> stages = BatchReport.STATEFUL_STAGES;
    double max = 0;
    List<long[]> values = new ArrayList<>();
    for (BatchReport.Batch b : batches) {
      long[] v = new long[stages.size()];
      for (StageMetrics m : b.metrics()) {
        int k = stages.indexOf(m.stage());
        if (k >= 0) {
          v[k] = m.durationMs();
        }
      }
      values.add(v);
      max = Math.max(max, java.util.Arrays.stream(v).sum());
    }
    List<Bar> out = new ArrayList<>();
    double slot = batches.isEmpty() ? W : (double) W / batches.size();
    for (int i = 0; i < batches.size(); i++) {
      double y = H;
      for (int k = 0; k < stages.size(); k++) {
        double h = max == 0 ? 0 : values.get(i)[k] / max * (H - 10);
        y -= h;
        out.add(
            new Bar(
                num(i * slot + slot * 0.1),
                num(y),
                num(slot * 0.8),
                num(h),
                STAGE_COLOURS.get(k % STAGE_COLOURS.size()),
                "batch "
                    + batches.get(i).record().id()
                    + " "
                    + stages.get(k)
                    + ": "
                    + values.get(i)[k]
                    + " ms"));
      }
    }
    List<Legend> legend = new ArrayList<>();
    for (int k = 0; k < stages.size(); k++) {
      legend.add(new Legend(STAGE_COLOURS.get(k % STAGE_COLOURS.size()), stages.get(k)));
    }
    return new Chart(
        "chart-stages",
        "Stage durations per stateful batch (stacked)",
        format(max / 1000.0) + " s",
        batches.isEmpty() ? "No batches yet." : null,
        W,
        H,
        out,
        legend);
  }

  private static String num(double d) {
    return String.format(Locale.ROOT, "%.1f", d);
  }

  private static String format(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? Long.toString((long) v)
        : String.format(Locale.ROOT, "%.3f", v);
  }

  private static Optional<Instant> instant(String iso) {
    if (iso == null || iso.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(iso));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
