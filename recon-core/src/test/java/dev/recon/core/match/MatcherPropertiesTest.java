package dev.recon.core.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.model.Side;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Properties of {@link Matcher} on small generated batches: independent of input order, equal to a
 * brute-force oracle that enumerates every subset naively, and never settling a line twice.
 */
class MatcherPropertiesTest {
  static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
  static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  record Scenario(RuleSet rules, List<ExternalLine> external, List<SettlingLine> open) {
    @Override
    public String toString() {
      StringBuilder b = new StringBuilder("rules:\n");
      rules.rules().forEach(r -> b.append("  ").append(r).append('\n'));
      b.append("external:\n");
      external.forEach(e -> b.append("  ").append(e).append('\n'));
      b.append("open:\n");
      open.forEach(s -> b.append("  ").append(s).append('\n'));
      return b.toString();
    }
  }

  // ---- generators (jqwik's own, so failures shrink) ----

  static final List<String> ARTIFACTS = List.of("A1", "A2", "A12", "B3");

  static Arbitrary<Instant> times() {
    return Arbitraries.integers().between(0, 3).map(d -> T0.plus(Duration.ofDays(d)));
  }

  static Arbitrary<String> currencies() {
    return Arbitraries.frequency(
        net.jqwik.api.Tuple.of(8, "EUR"), net.jqwik.api.Tuple.of(1, "USD"));
  }

  static Arbitrary<SettlingLine> settling(int i) {
    return Combinators.combine(
            Arbitraries.of(ARTIFACTS),
            Arbitraries.of("1.00", "2.00", "3.00", "5.00", "1.00", "2.00", "0.97"),
            currencies(),
            times(),
            Arbitraries.of("", "R1", "R2"))
        .as((a, amt, c, t, ref) -> new SettlingLine("p" + i, a, new BigDecimal(amt), c, t, ref));
  }

  static Arbitrary<ExternalLine> external(int i) {
    return Combinators.combine(
            Arbitraries.of("bank", "bank", "psp"),
            Arbitraries.of(
                "1.00", "2.00", "3.00", "4.00", "5.00", "6.00", "0.97", "2.91", "7.00", "1.03"),
            currencies(),
            times(),
            Arbitraries.of("", "A1", "A12", "A1 A2", "A1/A2/B3", "R1", "R2", "A2 B3", "A12 A2 B3"))
        .as(
            (src, amt, c, t, ref) ->
                new ExternalLine("s" + i, src, new BigDecimal(amt), c, t, ref));
  }

  static <T> Arbitrary<List<T>> indexed(int max, java.util.function.IntFunction<Arbitrary<T>> f) {
    return Arbitraries.integers()
        .between(0, max)
        .flatMap(
            n -> {
              List<Arbitrary<T>> each = IntStream.range(0, n).mapToObj(f).toList();
              return Combinators.combine(each).as(l -> l);
            });
  }

  static Arbitrary<MatchRule> rule(int i) {
    Arbitrary<AmountTolerance> tol =
        Arbitraries.oneOf(
            Arbitraries.of("0", "0", "0.05", "1.00").map(AmountTolerance::absolute),
            Arbitraries.of("0", "3", "10").map(AmountTolerance::pct));
    return Combinators.combine(
            Arbitraries.of(0, 1, 1, 2), // single, group, split
            Arbitraries.of(
                ReferenceMode.CONTAINS_ARTIFACT_ID,
                ReferenceMode.CONTAINS_ARTIFACT_ID,
                ReferenceMode.NONE,
                ReferenceMode.NONE,
                ReferenceMode.EQUALS_LINE_REFERENCE),
            tol,
            Arbitraries.of(
                Duration.ZERO, Duration.ofDays(1), Duration.ofDays(3), Duration.ofDays(3)),
            Arbitraries.integers().between(2, 3),
            Arbitraries.of("0.80", "1.00", "1.00"))
        .as(
            (kind, ref, t, w, max, score) -> {
              ReferenceMode r =
                  kind != 0 && ref == ReferenceMode.NONE ? ReferenceMode.CONTAINS_ARTIFACT_ID : ref;
              return new MatchRule(
                  "r" + i,
                  r,
                  t,
                  w,
                  kind == 1 ? max : 0,
                  kind == 2 ? max : 0,
                  new BigDecimal(score));
            });
  }

  /** A statement line before it gets its eventId. */
  record Draft(String source, BigDecimal amount, String currency, Instant time, String ref) {}

  /**
   * Statement lines: random ones, and ones derived from the open lines (one line, or the sum of a
   * few with their artifact ids in the reference, or one line split in two), with a small
   * difference now and then, so that every outcome occurs often.
   */
  static Arbitrary<List<ExternalLine>> externals(List<SettlingLine> open) {
    Arbitrary<List<Draft>> random =
        external(0)
            .map(
                e ->
                    List.of(
                        new Draft(
                            e.source(), e.amount(), e.currency(), e.eventTime(), e.reference())));
    Arbitrary<BigDecimal> delta =
        Arbitraries.of("0", "0", "0", "0.03", "-0.05", "0.01").map(BigDecimal::new);
    Arbitrary<List<Draft>> draft;
    if (open.isEmpty()) {
      draft = random;
    } else {
      Arbitrary<List<Draft>> derived =
          Combinators.combine(
                  Arbitraries.of(1, 2, 2, 3)
                      .flatMap(
                          n -> Arbitraries.integers().between(0, open.size() - 1).list().ofSize(n)),
                  delta,
                  Arbitraries.of(0, 0, 1, 2),
                  Arbitraries.of(0L, 0L, 1L))
              .as(
                  (idx, d, refKind, lag) -> {
                    List<SettlingLine> ls = idx.stream().distinct().map(open::get).toList();
                    BigDecimal sum =
                        ls.stream()
                            .map(SettlingLine::amount)
                            .reduce(BigDecimal.ZERO, BigDecimal::add);
                    String ref =
                        switch (refKind) {
                          case 0 ->
                              String.join(" ", ls.stream().map(SettlingLine::artifactId).toList());
                          case 1 -> ls.get(0).reference();
                          default -> "";
                        };
                    BigDecimal amount = sum.add(d).signum() > 0 ? sum.add(d) : sum;
                    Instant t = ls.get(0).eventTime().plus(Duration.ofDays(lag));
                    return List.of(new Draft("bank", amount, ls.get(0).currency(), t, ref));
                  });
      Arbitrary<List<Draft>> split =
          Combinators.combine(
                  Arbitraries.integers().between(0, open.size() - 1),
                  Arbitraries.of("0.50", "1.00", "0.97"),
                  delta)
              .as(
                  (i, part, d) -> {
                    SettlingLine l = open.get(i);
                    BigDecimal a = new BigDecimal(part);
                    BigDecimal rest = l.amount().subtract(a).add(d);
                    if (rest.signum() <= 0) {
                      return List.of();
                    }
                    return List.of(
                        new Draft("bank", a, l.currency(), l.eventTime(), l.artifactId()),
                        new Draft(
                            "bank", rest, l.currency(), l.eventTime(), "part " + l.artifactId()));
                  });
      draft =
          Arbitraries.frequencyOf(
              net.jqwik.api.Tuple.of(2, random),
              net.jqwik.api.Tuple.of(3, derived),
              net.jqwik.api.Tuple.of(1, split));
    }
    return draft
        .list()
        .ofMaxSize(4)
        .map(
            ds -> {
              List<ExternalLine> out = new ArrayList<>();
              for (Draft x : ds.stream().flatMap(List::stream).limit(6).toList()) {
                out.add(
                    new ExternalLine(
                        "s" + out.size(), x.source(), x.amount(), x.currency(), x.time(), x.ref()));
              }
              return out;
            });
  }

  @Provide
  @SuppressWarnings("unchecked")
  Arbitrary<Scenario> scenarios() {
    Arbitrary<RuleSet> rules =
        Arbitraries.integers()
            .between(1, 5)
            .flatMap(
                n ->
                    Combinators.combine(
                            IntStream.range(0, n).mapToObj(MatcherPropertiesTest::rule).toList())
                        .as(
                            l ->
                                new RuleSet(
                                    1,
                                    List.of("bank", "psp"),
                                    List.of(new SettlingType("PAYMENT", Side.CREDIT)),
                                    new BigDecimal("0.90"),
                                    RuleSet.AGING_BUCKETS_DEFAULT,
                                    l)));
    Arbitrary<List<SettlingLine>> open = indexed(7, MatcherPropertiesTest::settling);
    return Combinators.combine(rules, open.flatMap(o -> externals(o).map(e -> List.of(o, e))))
        .as(
            (r, oe) ->
                new Scenario(r, (List<ExternalLine>) oe.get(1), (List<SettlingLine>) oe.get(0)));
  }

  @Provide
  Arbitrary<List<Scenario>> permuted() {
    return scenarios()
        .flatMap(
            s ->
                Combinators.combine(
                        Arbitraries.shuffle(s.external()),
                        Arbitraries.shuffle(s.open()),
                        Arbitraries.shuffle(s.open()))
                    .as(
                        (e, o, o2) ->
                            List.of(
                                new Scenario(s.rules(), s.external(), s.open()),
                                new Scenario(s.rules(), e, o),
                                new Scenario(s.rules(), e, o2))));
  }

  static List<MatchResult> run(Scenario s, OpenItems open) {
    return new Matcher(s.rules()).match(s.external(), open);
  }

  // ---- (a) order independence ----

  @Property(tries = 200)
  void output_shouldNotDependOnInputOrder(@ForAll("permuted") List<Scenario> variants) {
    OpenItems firstOpen = new OpenItems(variants.get(0).open());
    List<MatchResult> first = run(variants.get(0), firstOpen);
    for (Scenario v : variants.subList(1, variants.size())) {
      // built in another order and with lines added then removed, so the index's history differs
      OpenItems open = new OpenItems();
      for (SettlingLine l : v.open()) {
        open.add(l);
      }
      assertThat(run(v, open)).isEqualTo(first);
      assertThat(open.all()).isEqualTo(firstOpen.all());
    }
  }

  // ---- (b) brute-force oracle ----

  /** The oracle's tolerance: its own arithmetic (a division, where the matcher multiplies). */
  static boolean within(AmountTolerance t, BigDecimal ext, BigDecimal internal) {
    BigDecimal allowed = t.percent() ? internal.multiply(t.value()).divide(HUNDRED) : t.value();
    return ext.subtract(internal).abs().compareTo(allowed) <= 0;
  }

  static boolean window(Instant a, Instant b, Duration w) {
    long diff = Math.abs(a.toEpochMilli() - b.toEpochMilli());
    return diff <= w.toMillis();
  }

  /** The id as a whole word: no letter or digit right before or after an end that is one. */
  static java.util.regex.Pattern wholeWord(String id) {
    String word = "[\\p{L}\\p{Nd}]";
    String before = id.substring(0, 1).matches(word) ? "(?<!" + word + ")" : "";
    String after = id.substring(id.length() - 1).matches(word) ? "(?!" + word + ")" : "";
    return java.util.regex.Pattern.compile(before + java.util.regex.Pattern.quote(id) + after);
  }

  static boolean reference(ReferenceMode m, String extRef, SettlingLine s) {
    return switch (m) {
      case NONE -> true;
      case CONTAINS_ARTIFACT_ID -> wholeWord(s.artifactId()).matcher(extRef).find();
      case EQUALS_LINE_REFERENCE -> extRef.length() > 0 && extRef.equals(s.reference());
    };
  }

  static boolean base(MatchRule r, ExternalLine e, SettlingLine s) {
    return e.currency().equals(s.currency())
        && window(e.eventTime(), s.eventTime(), r.valueDateWindow())
        && reference(r.reference(), e.reference(), s);
  }

  /** What the oracle decided: status, rule, and the match or the candidate set. */
  record Decision(
      MatchStatus status,
      String rule,
      Set<List<List<String>>> candidates,
      List<List<String>> match,
      boolean truncated) {}

  static List<List<String>> key(List<String> ext, List<String> settled) {
    return List.of(ext.stream().sorted().toList(), settled.stream().sorted().toList());
  }

  static Map<String, Decision> oracle(Scenario sc) {
    List<SettlingLine> open = new ArrayList<>(sc.open());
    List<ExternalLine> ext = new ArrayList<>(sc.external());
    ext.sort(Comparator.comparing(ExternalLine::eventId));
    Map<String, Decision> decided = new HashMap<>();
    for (int ei = 0; ei < ext.size(); ei++) {
      ExternalLine e = ext.get(ei);
      if (decided.containsKey(e.eventId())) {
        continue;
      }
      Decision d = null;
      for (MatchRule r : sc.rules().rules()) {
        Set<List<List<String>>> cands = new LinkedHashSet<>();
        if (!r.isGroup() && !r.isSplit()) {
          for (SettlingLine s : open) {
            if (base(r, e, s) && within(r.amount(), e.amount(), s.amount())) {
              cands.add(key(List.of(e.eventId()), List.of(s.eventId())));
            }
          }
        } else if (r.isGroup()) {
          for (int mask = 0; mask < (1 << open.size()); mask++) {
            int n = Integer.bitCount(mask);
            if (n < 2 || n > r.maxGroup()) {
              continue;
            }
            BigDecimal sum = BigDecimal.ZERO;
            List<String> ids = new ArrayList<>();
            boolean ok = true;
            for (int i = 0; i < open.size(); i++) {
              if ((mask & (1 << i)) != 0) {
                ok &= base(r, e, open.get(i));
                sum = sum.add(open.get(i).amount());
                ids.add(open.get(i).eventId());
              }
            }
            if (ok && within(r.amount(), e.amount(), sum)) {
              cands.add(key(List.of(e.eventId()), ids));
            }
          }
        } else {
          List<ExternalLine> later = new ArrayList<>();
          for (int j = ei + 1; j < ext.size(); j++) {
            if (!decided.containsKey(ext.get(j).eventId())) {
              later.add(ext.get(j));
            }
          }
          for (SettlingLine s : open) {
            if (!base(r, e, s)) {
              continue;
            }
            for (int mask = 1; mask < (1 << later.size()); mask++) {
              int n = Integer.bitCount(mask) + 1;
              if (n > r.maxSplit()) {
                continue;
              }
              BigDecimal sum = e.amount();
              List<String> ids = new ArrayList<>(List.of(e.eventId()));
              boolean ok = true;
              for (int j = 0; j < later.size(); j++) {
                if ((mask & (1 << j)) != 0) {
                  ExternalLine x = later.get(j);
                  ok &= x.source().equals(e.source()) && base(r, x, s);
                  sum = sum.add(x.amount());
                  ids.add(x.eventId());
                }
              }
              if (ok && within(r.amount(), sum, s.amount())) {
                cands.add(key(ids, List.of(s.eventId())));
              }
            }
          }
        }
        if (cands.isEmpty()) {
          continue;
        }
        boolean truncated = cands.size() > Matcher.CANDIDATE_LIMIT;
        if (cands.size() == 1 && r.score().compareTo(sc.rules().autoConfirmScore()) >= 0) {
          List<List<String>> m = cands.iterator().next();
          d = new Decision(MatchStatus.MATCHED, r.name(), Set.of(), m, false);
          open.removeIf(s -> m.get(1).contains(s.eventId()));
          for (String x : m.get(0)) {
            decided.put(x, d);
          }
        } else {
          d = new Decision(MatchStatus.SUGGESTED, r.name(), cands, null, truncated);
          decided.put(e.eventId(), d);
        }
        break;
      }
      if (d == null) {
        decided.put(e.eventId(), new Decision(MatchStatus.UNMATCHED, null, Set.of(), null, false));
      }
    }
    return decided;
  }

  @Property(tries = 400)
  void matcher_shouldAgreeWithBruteForceOracle(@ForAll("scenarios") Scenario sc) {
    Map<String, Decision> expected = oracle(sc);
    List<MatchResult> actual = run(sc, new OpenItems(sc.open()));
    assertThat(actual).hasSize(sc.external().size());
    for (MatchResult r : actual) {
      Decision d = expected.get(r.eventId());
      String kind = "UNMATCHED";
      if (d.status() != MatchStatus.UNMATCHED) {
        MatchRule rule =
            sc.rules().rules().stream().filter(x -> x.name().equals(d.rule())).findFirst().get();
        kind = d.status() + (rule.isGroup() ? " 1:N" : rule.isSplit() ? " N:1" : " 1:1");
      }
      Statistics.label("outcome").collect(kind);
      assertThat(r.status()).as(r.eventId() + "\n" + sc).isEqualTo(d.status());
      assertThat(r.rule()).as(r.eventId() + "\n" + sc).isEqualTo(d.rule());
      if (d.status() == MatchStatus.MATCHED) {
        assertThat(key(r.match().externalEventIds(), r.settledEventIds()))
            .as(r.eventId() + "\n" + sc)
            .isEqualTo(d.match());
      } else if (d.status() == MatchStatus.SUGGESTED) {
        assertThat(r.candidatesTruncated()).isEqualTo(d.truncated());
        Set<List<List<String>>> got = new HashSet<>();
        r.candidates().forEach(c -> got.add(key(c.externalEventIds(), c.settledEventIds())));
        if (d.truncated()) {
          assertThat(d.candidates()).containsAll(got);
          assertThat(got).hasSize(Matcher.CANDIDATE_LIMIT);
        } else {
          assertThat(got).as(r.eventId() + "\n" + sc).isEqualTo(d.candidates());
        }
      }
    }
    Statistics.label("outcome")
        .coverage(
            c -> {
              c.check("MATCHED 1:N").percentage(p -> p > 0);
              c.check("MATCHED N:1").percentage(p -> p > 0.8);
              c.check("MATCHED 1:1").percentage(p -> p > 0.8);
              c.check("SUGGESTED 1:1").percentage(p -> p > 1);
              c.check("SUGGESTED 1:N").percentage(p -> p > 0.1);
            });
  }

  // ---- (c) invariants ----

  @Property(tries = 200)
  void matched_shouldSettleEachLineOnce_withinTolerance(@ForAll("scenarios") Scenario sc) {
    OpenItems open = new OpenItems(sc.open());
    List<MatchResult> results = run(sc, open);
    Map<String, SettlingLine> settling = new HashMap<>();
    sc.open().forEach(s -> settling.put(s.eventId(), s));
    Map<String, ExternalLine> external = new HashMap<>();
    sc.external().forEach(e -> external.put(e.eventId(), e));
    Map<String, MatchResult> byId = new HashMap<>();
    results.forEach(r -> byId.put(r.eventId(), r));

    Set<Candidate> matches = new LinkedHashSet<>();
    results.stream()
        .filter(r -> r.status() == MatchStatus.MATCHED)
        .forEach(r -> matches.add(r.match()));
    List<String> settled = new ArrayList<>();
    for (Candidate m : matches) {
      settled.addAll(m.settledEventIds());
      MatchRule rule =
          sc.rules().rules().stream()
              .filter(x -> x.name().equals(byId.get(m.externalEventIds().get(0)).rule()))
              .findFirst()
              .get();
      BigDecimal extSum = BigDecimal.ZERO;
      for (String x : m.externalEventIds()) {
        // every statement line of the match says MATCHED with this match
        assertThat(byId.get(x).match()).isEqualTo(m);
        extSum = extSum.add(external.get(x).amount());
      }
      BigDecimal intSum = BigDecimal.ZERO;
      for (String s : m.settledEventIds()) {
        SettlingLine line = settling.get(s);
        assertThat(line).as("settled line was open").isNotNull();
        assertThat(open.contains(s)).as("settled line left the open set").isFalse();
        for (String x : m.externalEventIds()) {
          assertThat(line.currency()).isEqualTo(external.get(x).currency());
          assertThat(window(line.eventTime(), external.get(x).eventTime(), rule.valueDateWindow()))
              .isTrue();
        }
        intSum = intSum.add(line.amount());
      }
      assertThat(within(rule.amount(), extSum, intSum)).as(m + "\n" + sc).isTrue();
      assertThat(m.externalAmount()).isEqualByComparingTo(extSum);
      assertThat(m.settledAmount()).isEqualByComparingTo(intSum);
      assertThat(m.settledEventIds().size() + m.externalEventIds().size())
          .isGreaterThanOrEqualTo(2);
    }
    assertThat(settled).doesNotHaveDuplicates();
    assertThat(open.size()).isEqualTo(sc.open().size() - settled.size());
    // SUGGESTED and UNMATCHED settle nothing
    results.stream()
        .filter(r -> r.status() != MatchStatus.MATCHED)
        .forEach(r -> assertThat(r.settledEventIds()).isEmpty());
  }
}
