package dev.recon.core.match;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Rough throughput of {@link Matcher} (not a unit test; run by hand): {@code java -cp ...
 * MatcherThroughputCheck RULES.yaml OPEN BATCH}. Open lines: one per artifact, amounts 1.00 to
 * 10000.00, times over 90 days. Batch: 60 % with the artifact id in the reference, 20 % net of a 2
 * % fee, 10 % without a reference, 10 % with no counterpart. Prints lines/s and the outcome counts.
 */
final class MatcherThroughputCheck {
  public static void main(String[] args) {
    RuleSet rs = RuleSetParser.parse(Path.of(args[0]));
    int openCount = Integer.parseInt(args[1]);
    int batchCount = Integer.parseInt(args[2]);
    // fixed width by default; "order-%d" makes ids that are substrings of others (order-1,
    // order-12)
    String idFormat = args.length > 3 ? args[3] : "order-%07d";
    Random rnd = new Random(42);
    Instant t0 = Instant.parse("2026-09-01T00:00:00Z");
    List<SettlingLine> lines = new ArrayList<>(openCount);
    for (int i = 0; i < openCount; i++) {
      BigDecimal amount = BigDecimal.valueOf(100 + rnd.nextInt(1_000_000), 2);
      Instant t = t0.plusSeconds(rnd.nextInt(90 * 86_400));
      lines.add(new SettlingLine("pay-" + i, String.format(idFormat, i), amount, "EUR", t, ""));
    }
    long buildStart = System.nanoTime();
    OpenItems open = new OpenItems(lines);
    long buildMs = (System.nanoTime() - buildStart) / 1_000_000;
    List<ExternalLine> batch = new ArrayList<>(batchCount);
    for (int i = 0; i < batchCount; i++) {
      SettlingLine s = lines.get(rnd.nextInt(openCount));
      Instant t = s.eventTime().plus(Duration.ofDays(rnd.nextInt(3)));
      int kind = rnd.nextInt(10);
      String id = String.format("stmt-%07d", i);
      if (kind < 6) {
        batch.add(
            new ExternalLine(
                id, "bank-statement", s.amount(), "EUR", t, "PAYOUT " + s.artifactId()));
      } else if (kind < 8) {
        BigDecimal net =
            s.amount().multiply(new BigDecimal("0.98")).setScale(2, java.math.RoundingMode.HALF_UP);
        batch.add(new ExternalLine(id, "bank-statement", net, "EUR", t, "NET " + s.artifactId()));
      } else if (kind < 9) {
        batch.add(new ExternalLine(id, "bank-statement", s.amount(), "EUR", t, ""));
      } else {
        batch.add(
            new ExternalLine(id, "bank-statement", new BigDecimal("0.01"), "EUR", t, "nothing"));
      }
    }
    long start = System.nanoTime();
    List<MatchResult> results = new Matcher(rs).match(batch, open);
    long ms = Math.max(1, (System.nanoTime() - start) / 1_000_000);
    java.util.Map<String, Long> counts = new java.util.TreeMap<>();
    for (MatchResult r : results) {
      counts.merge(r.status() + (r.rule() == null ? "" : " " + r.rule()), 1L, Long::sum);
    }
    System.out.printf(
        "open=%d batch=%d index_build_ms=%d match_ms=%d match_lines_per_s=%d %s%n",
        openCount, batchCount, buildMs, ms, batchCount * 1000L / ms, counts);
  }
}
