package dev.recon.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.config.RulesConfig;
import dev.recon.core.model.ArtifactStatus;
import dev.recon.core.model.Event;
import dev.recon.core.model.EventOrigin;
import dev.recon.core.model.Line;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.model.Side;
import dev.recon.core.model.StatelessArtifact;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The hard cases of issue #19 in one model of the pipeline: a sequence of inputs whose copies of an
 * event differ in any one field or several (time, side, currency, amount, reference, attributes,
 * type, source; the same eventId under another artifactId is another event), cut into runs
 * (stateless batches) anywhere, each key's events of a run split into chunks of any size (hot
 * keys), the runs cut into stateful batches anywhere (so several stateless batches, with re-sends
 * across them, are merged by one stateful batch), each stateful batch with its own as-of time
 * (events may lie after it), under rules whose tolerance and aging threshold are generated too.
 *
 * <p>The pipeline is recon's: {@link DuplicateResolver} per run in input order, {@link
 * StatelessReducer} per chunk, the stateless and artifact codecs between stages, {@link
 * ArtifactMerger} per stateful batch. The oracle is computed from the generated inputs alone, in
 * one pass with plain loops and no recon code: the first copy of an event in input order is
 * applied; a later copy with the same content is a duplicate (counted by the run when the run
 * already holds a copy of that content, else by the stateful merge); a later copy with other
 * content is quarantined. Per stateful batch it predicts what was applied, the duplicates and the
 * quarantined lines; per key the lines (with the batch that applied each), the totals, the first
 * and last event times, the version, the as-of and the status (settled within the tolerance, else
 * AGED when the first event is strictly older than as-of minus the threshold, else OPEN) as of the
 * last batch that changed the key.
 */
class BatchGroupingPropertiesTest {
  private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
  private static final String[] AMOUNTS = {"10.5", "11", "11.5", "10.005", "0.01"};

  /** One line of an input. */
  record Copy(String input, long line, Event event) {}

  /**
   * @param runCuts bit i: a run ends after input i
   * @param statefulCuts bit j: a stateful batch ends after run j
   * @param asOfGaps minutes from the previous stateful batch's as-of (the first from T0)
   */
  record Scenario(
      List<List<Event>> inputs,
      int runCuts,
      int statefulCuts,
      List<Integer> asOfGaps,
      int chunk,
      BigDecimal tolerance,
      int agingMinutes) {
    RulesConfig rules() {
      return RulesConfig.DEFAULTS
          .withTolerance(tolerance)
          .withAgingThreshold(Duration.ofMinutes(agingMinutes));
    }
  }

  @Property(tries = 400)
  void anyGroupingIntoRunsChunksAndStatefulBatches_shouldGiveTheOraclesBooks(
      @ForAll("scenarios") Scenario scenario) {
    List<List<Copy>> inputs = withOrigins(scenario.inputs());
    List<List<List<Copy>>> runs = cut(inputs, scenario.runCuts());
    List<List<List<List<Copy>>>> statefulBatches = cut(runs, scenario.statefulCuts());
    List<Instant> asOf = new ArrayList<>();
    Instant t = T0;
    for (int i = 0; i < statefulBatches.size(); i++) {
      t = t.plus(Duration.ofMinutes(scenario.asOfGaps().get(i)));
      asOf.add(t);
    }

    Oracle oracle = Oracle.of(statefulBatches, asOf, scenario.tolerance(), scenario.agingMinutes());
    Pipeline got = Pipeline.run(statefulBatches, asOf, scenario.chunk(), scenario.rules());

    assertThat(got.runDuplicates).as("duplicates counted by each run").isEqualTo(oracle.runDups);
    assertThat(got.batches).as("per stateful batch").isEqualTo(oracle.batches);
    assertThat(got.quarantined).as("quarantined lines").isEqualTo(oracle.quarantined);
    assertThat(describe(got.state)).as("artifacts").isEqualTo(oracle.artifacts);
  }

  @Provide
  Arbitrary<Scenario> scenarios() {
    Arbitrary<List<List<Event>>> inputs =
        event().list().ofMaxSize(7).list().ofMinSize(1).ofMaxSize(5);
    return Combinators.combine(
            inputs,
            Arbitraries.integers().between(0, 15),
            Arbitraries.integers().between(0, 15),
            Arbitraries.integers().between(0, 50).list().ofSize(5),
            Arbitraries.integers().between(1, 4),
            Arbitraries.of("0", "0.01", "0.50", "1.00", "0.505").map(BigDecimal::new),
            Arbitraries.of(5, 20, 30))
        .as(Scenario::new);
  }

  /**
   * Events of two keys and four ids; every field of a copy is mostly the common value and sometimes
   * another, so identical re-sends, conflicting copies and several contents of one event are all
   * frequent. Amounts are written with varying trailing zeros (the same amount).
   */
  private static Arbitrary<Event> event() {
    Arbitrary<Tuple.Tuple4<String, Integer, Integer, Integer>> who =
        Combinators.combine(
                Arbitraries.of("order-a", "order-b"),
                Arbitraries.integers().between(1, 4),
                variant(AMOUNTS.length),
                Arbitraries.integers().between(0, 3))
            .as(Tuple::of);
    Arbitrary<List<Integer>> fields = variant(2).list().ofSize(7);
    return Combinators.combine(who, fields)
        .as(
            (w, f) ->
                new Event(
                    "evt-" + w.get2(),
                    w.get1(),
                    T0.plus(Duration.ofMinutes(w.get2() * 7L + f.get(0) * 3L)),
                    f.get(1) == 0 ? "PAYMENT" : "REFUND",
                    f.get(2) == 0 ? Side.DEBIT : Side.CREDIT,
                    new BigDecimal(AMOUNTS[w.get3()]).setScale(3 + w.get4()),
                    f.get(3) == 0 ? "EUR" : "USD",
                    f.get(4) == 0 ? "psp" : "bank",
                    f.get(5) == 0 ? "" : "ref-" + w.get2(),
                    f.get(6) == 0
                        ? new TreeMap<String, String>()
                        : new TreeMap<>(Map.of("installments", "3"))));
  }

  /** Mostly 0 (the common value), sometimes another. */
  private static Arbitrary<Integer> variant(int values) {
    List<Tuple.Tuple2<Integer, Integer>> f = new ArrayList<>();
    f.add(Tuple.of(4, 0));
    for (int v = 1; v < values; v++) {
      f.add(Tuple.of(1, v));
    }
    @SuppressWarnings("unchecked")
    Tuple.Tuple2<Integer, Integer>[] weights = f.toArray(Tuple.Tuple2[]::new);
    return Arbitraries.frequency(weights);
  }

  private static List<List<Copy>> withOrigins(List<List<Event>> inputs) {
    List<List<Copy>> out = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      List<Copy> lines = new ArrayList<>();
      for (int l = 0; l < inputs.get(i).size(); l++) {
        lines.add(new Copy("input/" + i + ".jsonl", l + 1, inputs.get(i).get(l)));
      }
      out.add(lines);
    }
    return out;
  }

  /** Consecutive groups: a group ends after element i when bit i of {@code cuts} is set. */
  private static <T> List<List<T>> cut(List<T> items, int cuts) {
    List<List<T>> out = new ArrayList<>();
    List<T> current = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      current.add(items.get(i));
      if (i == items.size() - 1 || (cuts & (1 << i)) != 0) {
        out.add(current);
        current = new ArrayList<>();
      }
    }
    return out;
  }

  /** What one stateful batch did, summed over its keys. */
  record BatchCounts(long applied, long duplicates, long conflictingLines, Set<String> changed) {}

  /** recon's rules over the groups, as the reducer and the stateful processor apply them. */
  private static final class Pipeline {
    final List<Long> runDuplicates = new ArrayList<>();
    final List<BatchCounts> batches = new ArrayList<>();
    final Set<String> quarantined = new TreeSet<>();
    final Map<String, ReconciliationArtifact> state = new TreeMap<>();

    static Pipeline run(
        List<List<List<List<Copy>>>> statefulBatches,
        List<Instant> asOf,
        int chunk,
        RulesConfig rules) {
      Pipeline p = new Pipeline();
      ArtifactMerger merger = new ArtifactMerger(rules);
      long s = 1;
      for (int n = 0; n < statefulBatches.size(); n++) {
        // key -> its stateless chunks, run by run, chunk by chunk
        Map<String, List<StatelessArtifact>> incoming = new TreeMap<>();
        for (List<List<Copy>> run : statefulBatches.get(n)) {
          p.reduce(run, s++, chunk, incoming);
        }
        long applied = 0;
        long duplicates = 0;
        long conflicting = 0;
        Set<String> changed = new TreeSet<>();
        for (Map.Entry<String, List<StatelessArtifact>> k : incoming.entrySet()) {
          MergeResult r =
              merger.merge(p.state.get(k.getKey()), null, k.getValue(), n + 1, asOf.get(n));
          applied += r.applied();
          duplicates += r.duplicates();
          conflicting += r.conflictingLines();
          for (MergeResult.Rejected rejected : r.conflicting()) {
            rejected.origins().forEach(o -> p.quarantined.add(o.inputObject() + ":" + o.line()));
          }
          if (r.changed()) {
            changed.add(k.getKey());
            // stored and read back, as the next stateful batch reads the part-file
            p.state.put(
                k.getKey(), CanonicalJson.decodeArtifact(CanonicalJson.encode(r.artifact())));
          } else {
            assertThat(r.artifact())
                .as("unchanged %s", k.getKey())
                .isSameAs(p.state.get(k.getKey()));
          }
        }
        p.batches.add(new BatchCounts(applied, duplicates, conflicting, changed));
      }
      return p;
    }

    private void reduce(
        List<List<Copy>> run, long s, int chunk, Map<String, List<StatelessArtifact>> incoming) {
      Map<String, List<Copy>> byEvent = new LinkedHashMap<>();
      for (List<Copy> input : run) {
        for (Copy c : input) {
          byEvent
              .computeIfAbsent(
                  c.event.artifactId() + "\u0000" + c.event.eventId(), k -> new ArrayList<>())
              .add(c);
        }
      }
      long dups = 0;
      Map<String, List<StatelessReducer.Accepted>> byKey = new TreeMap<>();
      for (List<Copy> copies : byEvent.values()) {
        List<DuplicateResolver.Content<Copy>> contents =
            DuplicateResolver.resolve(copies, Copy::event);
        List<StatelessReducer.Accepted> rivals = new ArrayList<>();
        for (DuplicateResolver.Content<Copy> c : contents) {
          dups += c.duplicates();
          if (c != contents.get(0)) {
            rivals.add(new StatelessReducer.Accepted(c.event(), origins(c)));
          }
        }
        DuplicateResolver.Content<Copy> first = contents.get(0);
        byKey
            .computeIfAbsent(first.event().artifactId(), k -> new ArrayList<>())
            .add(new StatelessReducer.Accepted(first.event(), origins(first), rivals));
      }
      runDuplicates.add(dups);
      byKey.forEach(
          (key, accepted) -> {
            // a hot key's events in event order, cut into chunks: one stateless line each
            List<StatelessReducer.Accepted> sorted = new ArrayList<>(accepted);
            sorted.sort((a, b) -> Event.ORDER.compare(a.event(), b.event()));
            for (int from = 0; from < sorted.size(); from += chunk) {
              StatelessArtifact a =
                  StatelessReducer.reduceWithOrigins(
                      key, s, sorted.subList(from, Math.min(sorted.size(), from + chunk)));
              incoming
                  .computeIfAbsent(key, k -> new ArrayList<>())
                  .add(CanonicalJson.decodeStateless(CanonicalJson.encode(a)));
            }
          });
    }

    private static List<EventOrigin> origins(DuplicateResolver.Content<Copy> content) {
      return content.copies().stream().map(c -> new EventOrigin(c.input, c.line)).toList();
    }
  }

  /** Computed from the inputs alone: no recon code but the records that carry the data. */
  private static final class Oracle {
    final List<Long> runDups = new ArrayList<>();
    final List<BatchCounts> batches = new ArrayList<>();
    final Set<String> quarantined = new TreeSet<>();
    final Map<String, String> artifacts = new TreeMap<>();

    static Oracle of(
        List<List<List<List<Copy>>>> statefulBatches,
        List<Instant> asOf,
        BigDecimal tolerance,
        int agingMinutes) {
      Oracle o = new Oracle();
      // per key and eventId: the applied copy and the stateful batch (1-based) that applied it
      Map<String, Map<String, Copy>> first = new TreeMap<>();
      Map<String, Long> appliedIn = new TreeMap<>();
      Map<String, Long> version = new TreeMap<>();
      Map<String, Instant> asOfOfVersion = new TreeMap<>();
      for (int n = 0; n < statefulBatches.size(); n++) {
        long applied = 0;
        long mergeDups = 0;
        long conflicting = 0;
        Set<String> changed = new TreeSet<>();
        for (List<List<Copy>> run : statefulBatches.get(n)) {
          // the contents this run holds of each event: a copy equal to one of them is the run's
          // duplicate
          Map<String, List<Copy>> runContents = new LinkedHashMap<>();
          long runDup = 0;
          for (List<Copy> input : run) {
            for (Copy c : input) {
              String id = c.event.artifactId() + "/" + c.event.eventId();
              List<Copy> contents = runContents.computeIfAbsent(id, k -> new ArrayList<>());
              boolean seenInRun = contents.stream().anyMatch(x -> same(x.event, c.event));
              if (seenInRun) {
                runDup++;
              } else {
                contents.add(c);
              }
              Copy winner =
                  first
                      .computeIfAbsent(c.event.artifactId(), k -> new TreeMap<>())
                      .putIfAbsent(c.event.eventId(), c);
              if (winner == null) {
                applied++;
                appliedIn.put(id, n + 1L);
                changed.add(c.event.artifactId());
              } else if (!same(winner.event, c.event)) {
                conflicting++;
                o.quarantined.add(c.input + ":" + c.line);
              } else if (!seenInRun) {
                // identical to the applied copy, first of its content in this run: the merge's
                mergeDups++;
              }
            }
          }
          o.runDups.add(runDup);
        }
        for (String key : changed) {
          version.put(key, n + 1L);
          asOfOfVersion.put(key, asOf.get(n));
        }
        o.batches.add(new BatchCounts(applied, mergeDups, conflicting, changed));
      }
      Duration aging = Duration.ofMinutes(agingMinutes);
      first.forEach(
          (key, byId) -> {
            List<Copy> lines = new ArrayList<>(byId.values());
            lines.sort(
                (a, b) -> {
                  int c = a.event.eventTime().compareTo(b.event.eventTime());
                  return c != 0 ? c : a.event.eventId().compareTo(b.event.eventId());
                });
            Map<String, BigDecimal> debits = new TreeMap<>();
            Map<String, BigDecimal> credits = new TreeMap<>();
            Map<String, BigDecimal> balances = new TreeMap<>();
            StringBuilder text = new StringBuilder();
            for (Copy c : lines) {
              Event e = c.event;
              (e.side() == Side.DEBIT ? debits : credits)
                  .merge(e.currency(), e.amount(), BigDecimal::add);
              balances.merge(
                  e.currency(),
                  e.side() == Side.DEBIT ? e.amount() : e.amount().negate(),
                  BigDecimal::add);
              text.append(
                  line(
                      e.eventId(),
                      e.eventTime(),
                      e.type(),
                      e.side(),
                      canonical(e.amount()),
                      e.currency(),
                      e.source(),
                      e.reference(),
                      e.attributes(),
                      appliedIn.get(key + "/" + e.eventId())));
            }
            Instant firstTime = lines.get(0).event.eventTime();
            Instant at = asOfOfVersion.get(key);
            boolean settled =
                balances.values().stream().allMatch(b -> b.abs().compareTo(tolerance) <= 0);
            ArtifactStatus status =
                settled
                    ? ArtifactStatus.RECONCILED
                    : firstTime.plus(aging).isBefore(at)
                        ? ArtifactStatus.AGED
                        : ArtifactStatus.OPEN;
            o.artifacts.put(
                key,
                header(
                        version.get(key),
                        at,
                        status,
                        canonical(debits),
                        canonical(credits),
                        canonical(balances),
                        firstTime,
                        lines.get(lines.size() - 1).event.eventTime())
                    + text);
          });
      return o;
    }

    /** Same content: every field, the amount by value. */
    private static boolean same(Event a, Event b) {
      return a.eventTime().equals(b.eventTime())
          && a.type().equals(b.type())
          && a.side() == b.side()
          && a.amount().compareTo(b.amount()) == 0
          && a.currency().equals(b.currency())
          && a.source().equals(b.source())
          && a.reference().equals(b.reference())
          && a.attributes().equals(b.attributes());
    }
  }

  private static Map<String, String> describe(Map<String, ReconciliationArtifact> state) {
    Map<String, String> out = new TreeMap<>();
    state.forEach(
        (key, a) -> {
          StringBuilder text = new StringBuilder();
          for (Line l : a.lines()) {
            text.append(
                line(
                    l.eventId(),
                    l.eventTime(),
                    l.type(),
                    l.side(),
                    l.amount().toPlainString(),
                    l.currency(),
                    l.source(),
                    l.reference(),
                    l.attributes(),
                    l.batch()));
          }
          out.put(
              key,
              header(
                      a.version(),
                      a.asOf(),
                      a.status(),
                      asStored(a.debits()),
                      asStored(a.credits()),
                      asStored(a.balances()),
                      a.firstEventTime(),
                      a.lastEventTime())
                  + text);
        });
    return out;
  }

  private static String header(
      long version,
      Instant asOf,
      ArtifactStatus status,
      String debits,
      String credits,
      String balances,
      Instant first,
      Instant last) {
    return "v"
        + version
        + " asOf="
        + asOf
        + " "
        + status
        + " debits="
        + debits
        + " credits="
        + credits
        + " balances="
        + balances
        + " "
        + first
        + ".."
        + last
        + "\n";
  }

  private static String line(
      String id,
      Instant time,
      String type,
      Side side,
      String amount,
      String currency,
      String source,
      String reference,
      Map<String, String> attributes,
      long batch) {
    return String.join(
            " ",
            id,
            time.toString(),
            type,
            side.name(),
            amount,
            currency,
            source,
            "[" + reference + "]",
            attributes.toString(),
            "@" + batch)
        + "\n";
  }

  /** The amounts as recon holds them (their exact representation). */
  private static String asStored(Map<String, BigDecimal> m) {
    StringBuilder b = new StringBuilder();
    m.forEach((c, v) -> b.append(c).append('=').append(v.toPlainString()).append(','));
    return b.toString();
  }

  private static String canonical(Map<String, BigDecimal> m) {
    StringBuilder b = new StringBuilder();
    m.forEach((c, v) -> b.append(c).append('=').append(canonical(v)).append(','));
    return b.toString();
  }

  /**
   * DESIGN's money form, by string handling alone: plain digits, trailing zeros of the fraction
   * dropped, then padded to at least two decimals ("10.50", "10.005", "1000.00").
   */
  static String canonical(BigDecimal v) {
    String s = v.toPlainString();
    int dot = s.indexOf('.');
    String whole = dot < 0 ? s : s.substring(0, dot);
    StringBuilder fraction = new StringBuilder(dot < 0 ? "" : s.substring(dot + 1));
    while (fraction.length() > 0 && fraction.charAt(fraction.length() - 1) == '0') {
      fraction.setLength(fraction.length() - 1);
    }
    while (fraction.length() < 2) {
      fraction.append('0');
    }
    return whole + "." + fraction;
  }
}
