package dev.recon.bench;

import dev.recon.core.match.AmountTolerance;
import dev.recon.core.match.ExternalLine;
import dev.recon.core.match.MatchResult;
import dev.recon.core.match.MatchRule;
import dev.recon.core.match.MatchStatus;
import dev.recon.core.match.Matcher;
import dev.recon.core.match.OpenItems;
import dev.recon.core.match.ReferenceMode;
import dev.recon.core.match.RuleSet;
import dev.recon.core.match.SettlingLine;
import dev.recon.core.match.SettlingType;
import dev.recon.core.model.Side;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The {@code matching} section (issue 16): one batch of statement lines ({@code cycleEvents / 10},
 * 200,000 at the default sizes) matched against {@code cycleEvents / 20} and ten times as many open
 * settling lines (100,000 and 1,000,000), rounds interleaved, median of {@code historyRounds} (at
 * least 5), each after one unmeasured warm-up; and beside it the peer a user would write instead: a
 * hash join on (currency, amount) filtered by the value-date window and the artifact id in the
 * reference, which settles only exact 1:1 matches (no tolerance, no fee, no group, no ambiguity
 * check).
 *
 * <p>Open lines: one per artifact, amounts 1.00 to 10,000.00, value dates over 90 days. Statement
 * lines: 60 % with the artifact id in the reference, 20 % net of a 2 % fee, 10 % without a
 * reference (SUGGESTED at best), 10 % with no counterpart. The index is built before the clock
 * starts in both (recon builds it once per batch from its state), followed by a full collection.
 *
 * <p>Beside the wall clock, two figures that separate the algorithm from the machine: the peer's
 * own growth over the same two sizes, and the index probes per statement line ({@link
 * OpenItems#probes()}), which stay flat when the cost grows with the batch and not with history.
 */
final class MatchBench {
  private static final int MIN_ROUNDS = 5;
  private static final Instant T0 = Instant.parse("2026-09-01T00:00:00Z");

  private final BenchConfig config;
  private final Consumer<String> log;
  private final Map<String, String> details;

  MatchBench(BenchConfig config, Consumer<String> log, Map<String, String> details) {
    this.config = config;
    this.log = log;
    this.details = details;
  }

  static RuleSet rules() {
    Duration window = Duration.ofDays(5);
    return new RuleSet(
        1,
        List.of("bank-statement"),
        List.of(new SettlingType("PAYMENT", Side.CREDIT)),
        new BigDecimal("0.90"),
        RuleSet.AGING_BUCKETS_DEFAULT,
        List.of(
            MatchRule.oneToOne(
                "reference-exact",
                ReferenceMode.CONTAINS_ARTIFACT_ID,
                AmountTolerance.absolute("0.00"),
                window,
                new BigDecimal("1.00")),
            MatchRule.oneToOne(
                "net-of-fee",
                ReferenceMode.CONTAINS_ARTIFACT_ID,
                AmountTolerance.pct("3.0"),
                window,
                new BigDecimal("0.95")),
            MatchRule.oneToOne(
                "amount-date",
                ReferenceMode.NONE,
                AmountTolerance.absolute("0.00"),
                Duration.ofDays(3),
                new BigDecimal("0.80"))));
  }

  /** Runs the section and puts its three figures into {@code f}. */
  void run(Map<String, Double> f) {
    int statement = Math.max(100, config.cycleEvents() / 10);
    int small = Math.max(50, config.cycleEvents() / 20);
    int large = small * 10;
    log.accept(
        String.format(
            "matching: %,d statement lines against %,d and %,d open lines",
            statement, small, large));
    Random rnd = new Random(config.seed());
    List<SettlingLine> openSmall = open(rnd, small);
    List<SettlingLine> openLarge = open(rnd, large);
    List<ExternalLine> batchSmall = statement(rnd, openSmall, statement);
    List<ExternalLine> batchLarge = statement(rnd, openLarge, statement);
    RuleSet rules = rules();

    matchSeconds(rules, openSmall, batchSmall); // warm-up
    hashJoinSeconds(openLarge, batchLarge);
    // a round takes about a second here: at least five, so one noisy round cannot set the median
    int rounds = Math.max(MIN_ROUNDS, config.historyRounds());
    double[] s = new double[rounds];
    double[] l = new double[rounds];
    double[] peer = new double[rounds];
    double[] peerSmall = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      s[r] = matchSeconds(rules, openSmall, batchSmall);
      l[r] = matchSeconds(rules, openLarge, batchLarge);
      peer[r] = hashJoinSeconds(openLarge, batchLarge);
      peerSmall[r] = hashJoinSeconds(openSmall, batchSmall);
    }
    double ts = Bench.median(s);
    double tl = Bench.median(l);
    double tp = Bench.median(peer);
    f.put("match_lines_per_s", statement / tl);
    f.put("match_growth_ratio", tl / ts);
    f.put("match_vs_hash_join", tp / tl);
    details.put(
        "matching: lines/s at " + small + " / " + large + " open lines",
        String.format(Locale.ROOT, "%.0f / %.0f", statement / ts, statement / tl));
    details.put(
        "matching: exact hash join lines/s at " + large + " open lines",
        String.format(Locale.ROOT, "%.0f", statement / tp));
    details.put(
        "matching: exact hash join growth from " + small + " to " + large + " open lines",
        String.format(Locale.ROOT, "%.2fx", tp / Bench.median(peerSmall)));
    details.put(
        "matching: index probes per statement line at " + small + " / " + large + " open lines",
        String.format(
            Locale.ROOT,
            "%.2f / %.2f",
            probesPerLine(rules, openSmall, batchSmall),
            probesPerLine(rules, openLarge, batchLarge)));
    details.put(
        "matching: outcomes at " + large + " open lines", outcomes(rules, openLarge, batchLarge));
  }

  private static List<SettlingLine> open(Random rnd, int n) {
    List<SettlingLine> lines = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      BigDecimal amount = BigDecimal.valueOf(100 + rnd.nextInt(1_000_000), 2);
      Instant t = T0.plusSeconds(rnd.nextInt(90 * 86_400));
      lines.add(
          new SettlingLine(
              "pay-" + i, String.format(Locale.ROOT, "order-%07d", i), amount, "EUR", t, ""));
    }
    return lines;
  }

  private static List<ExternalLine> statement(Random rnd, List<SettlingLine> open, int n) {
    List<ExternalLine> batch = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      SettlingLine s = open.get(rnd.nextInt(open.size()));
      Instant t = s.eventTime().plus(Duration.ofDays(rnd.nextInt(3)));
      int kind = rnd.nextInt(10);
      String id = String.format(Locale.ROOT, "stmt-%07d", i);
      if (kind < 6) {
        batch.add(
            new ExternalLine(
                id, "bank-statement", s.amount(), "EUR", t, "PAYOUT " + s.artifactId()));
      } else if (kind < 8) {
        BigDecimal net =
            s.amount().multiply(new BigDecimal("0.98")).setScale(2, RoundingMode.HALF_UP);
        batch.add(new ExternalLine(id, "bank-statement", net, "EUR", t, "NET " + s.artifactId()));
      } else if (kind < 9) {
        batch.add(new ExternalLine(id, "bank-statement", s.amount(), "EUR", t, ""));
      } else {
        batch.add(
            new ExternalLine(id, "bank-statement", new BigDecimal("0.01"), "EUR", t, "nothing"));
      }
    }
    return batch;
  }

  private static double matchSeconds(
      RuleSet rules, List<SettlingLine> open, List<ExternalLine> batch) {
    OpenItems items = new OpenItems(open);
    settle();
    long start = System.nanoTime();
    List<MatchResult> results = new Matcher(rules).match(batch, items);
    double seconds = (System.nanoTime() - start) / 1e9;
    if (results.size() != batch.size()) {
      throw new IllegalStateException("a decision per line: " + results.size());
    }
    return seconds;
  }

  /**
   * A full collection before the clock starts, so that the index just built (a long-lived object in
   * recon, rebuilt from the state once per batch) sits in the old generation and the timed section
   * does not pay for copying it out of the young one: without it the first young collection inside
   * the clock copies the whole index, a cost of building it, not of matching.
   */
  private static void settle() {
    System.gc();
  }

  /** The peer: exact (currency, amount) hash join, date window, artifact id in the reference. */
  private static double hashJoinSeconds(List<SettlingLine> open, List<ExternalLine> batch) {
    Map<String, List<SettlingLine>> byAmount = new HashMap<>();
    for (SettlingLine s : open) {
      byAmount.computeIfAbsent(s.currency() + s.amount(), k -> new ArrayList<>()).add(s);
    }
    settle();
    long start = System.nanoTime();
    java.util.Set<String> settled = new java.util.HashSet<>();
    long matched = 0;
    for (ExternalLine e : batch) {
      SettlingLine only = null;
      int n = 0;
      for (SettlingLine s : byAmount.getOrDefault(e.currency() + e.amount(), List.of())) {
        if (!settled.contains(s.eventId())
            && Duration.between(s.eventTime(), e.eventTime()).abs().compareTo(Duration.ofDays(5))
                <= 0
            && e.reference().contains(s.artifactId())) {
          only = s;
          n++;
        }
      }
      if (n == 1) {
        settled.add(only.eventId());
        matched++;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (matched > batch.size()) {
      throw new IllegalStateException("matched " + matched);
    }
    return seconds;
  }

  /** {@link OpenItems#probes()} per statement line: the work, free of the memory hierarchy. */
  private static double probesPerLine(
      RuleSet rules, List<SettlingLine> open, List<ExternalLine> batch) {
    OpenItems items = new OpenItems(open);
    new Matcher(rules).match(batch, items);
    return (double) items.probes() / batch.size();
  }

  private static String outcomes(RuleSet rules, List<SettlingLine> open, List<ExternalLine> batch) {
    Map<String, Long> counts = new java.util.TreeMap<>();
    for (MatchResult r : new Matcher(rules).match(batch, new OpenItems(open))) {
      counts.merge(
          r.status() == MatchStatus.UNMATCHED ? "UNMATCHED" : r.status() + " " + r.rule(),
          1L,
          Long::sum);
    }
    return counts.toString();
  }
}
