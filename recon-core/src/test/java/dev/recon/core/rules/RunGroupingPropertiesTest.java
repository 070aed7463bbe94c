package dev.recon.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.config.RulesConfig;
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
 * Issue #18's invariant: the books do not depend on how inputs were grouped into runs. Random input
 * sequences carry identical and conflicting copies of events (differing in amount, time, side,
 * currency, reference or attributes; the same eventId under two artifacts is two events), within
 * one input, across inputs of one run and across runs. Every grouping of the inputs into
 * consecutive stateless runs — applied one stateful batch per run, or all runs in one stateful
 * batch — goes through the real rules ({@link DuplicateResolver} per run in input order, {@link
 * StatelessReducer}, the stateless codec, {@link ArtifactMerger}) and must give the artifacts and
 * the quarantined lines an independent oracle computes from the whole sequence: the first copy of
 * an event in input order is accepted, a later identical copy is a duplicate, a later differing one
 * is quarantined.
 *
 * <p>Excluded from the comparison, because they legitimately name the run: {@code version} and each
 * line's {@code batch} (the stateful batch number), {@code asOf} (the batch's window end), {@code
 * status} (derived from {@code asOf} through aging) and {@code previous} (a location).
 */
class RunGroupingPropertiesTest {
  private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
  private static final RulesConfig RULES = RulesConfig.DEFAULTS;

  /** One line of an input: the event it carries. */
  record Copy(String input, long line, Event event) {}

  @Property(tries = 300)
  void everyGroupingIntoRuns_shouldYieldTheOraclesArtifactsAndQuarantine(
      @ForAll("inputs") List<List<Event>> inputs) {
    List<List<Copy>> copies = withOrigins(inputs);
    Oracle oracle = Oracle.of(copies);
    int n = inputs.size();
    for (int cuts = 0; cuts < 1 << (n - 1); cuts++) {
      List<List<List<Copy>>> runs = group(copies, cuts);
      for (boolean oneStatefulBatch : new boolean[] {false, true}) {
        Outcome o = run(runs, oneStatefulBatch);
        String grouping =
            "cuts "
                + Integer.toBinaryString(cuts)
                + (oneStatefulBatch ? ", one stateful batch" : "");
        assertThat(content(o.artifacts))
            .as("artifacts, %s", grouping)
            .isEqualTo(oracle.artifacts());
        assertThat(o.quarantined)
            .as("quarantined lines, %s", grouping)
            .isEqualTo(oracle.quarantined);
        assertThat(o.read).as("read, %s", grouping).isEqualTo(oracle.read);
      }
    }
  }

  @Provide
  Arbitrary<List<List<Event>>> inputs() {
    Arbitrary<Event> event =
        Combinators.combine(
                Arbitraries.of("order-a", "order-b", "order-c"),
                Arbitraries.integers().between(1, 5),
                variant(3),
                variant(2),
                variant(2),
                variant(2),
                variant(2),
                variant(2))
            .as(
                (artifact, id, amount, time, side, currency, reference, attributes) ->
                    new Event(
                        "evt-" + id,
                        artifact,
                        T0.plus(Duration.ofMinutes(id * 7L + time)),
                        "PAYMENT",
                        side == 0 ? Side.DEBIT : Side.CREDIT,
                        new BigDecimal(amount == 2 ? "10.005" : (10 + amount) + ".50"),
                        currency == 0 ? "EUR" : "USD",
                        "psp",
                        reference == 0 ? "" : "ref-" + reference,
                        attributes == 0
                            ? new TreeMap<String, String>()
                            : new TreeMap<>(Map.of("installments", "3"))));
    return event.list().ofMaxSize(8).list().ofMinSize(1).ofMaxSize(5);
  }

  /** Mostly 0 (the same content), sometimes another value: copies are mostly identical. */
  private static Arbitrary<Integer> variant(int values) {
    List<Tuple.Tuple2<Integer, Integer>> f = new ArrayList<>();
    f.add(Tuple.of(5, 0));
    for (int v = 1; v < values; v++) {
      f.add(Tuple.of(1, v));
    }
    return Arbitraries.frequency(f.toArray(Tuple.Tuple2[]::new));
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

  /** Consecutive runs: a cut after input i when bit i of {@code cuts} is set. */
  private static List<List<List<Copy>>> group(List<List<Copy>> inputs, int cuts) {
    List<List<List<Copy>>> runs = new ArrayList<>();
    List<List<Copy>> current = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      current.add(inputs.get(i));
      if (i == inputs.size() - 1 || (cuts & (1 << i)) != 0) {
        runs.add(current);
        current = new ArrayList<>();
      }
    }
    return runs;
  }

  record Outcome(
      Map<String, ReconciliationArtifact> artifacts, Set<String> quarantined, long read) {}

  /** The pipeline's rules over the runs, as the reducer and the processor apply them. */
  private static Outcome run(List<List<List<Copy>>> runs, boolean oneStatefulBatch) {
    Set<String> quarantined = new TreeSet<>();
    long read = 0;
    List<Map<String, StatelessArtifact>> stateless = new ArrayList<>();
    long s = 1;
    for (List<List<Copy>> run : runs) {
      // the reducer: copies of one event in input order (the run's input list, then line)
      Map<String, List<Copy>> byEvent = new LinkedHashMap<>();
      for (List<Copy> input : run) {
        for (Copy c : input) {
          read++;
          byEvent
              .computeIfAbsent(
                  c.event.eventId() + "\u0000" + c.event.artifactId(), k -> new ArrayList<>())
              .add(c);
        }
      }
      Map<String, List<StatelessReducer.Accepted>> byKey = new TreeMap<>();
      for (List<Copy> group : byEvent.values()) {
        List<DuplicateResolver.Content<Copy>> contents =
            DuplicateResolver.resolve(group, Copy::event);
        List<StatelessReducer.Accepted> rivals = new ArrayList<>();
        for (DuplicateResolver.Content<Copy> rival : contents.subList(1, contents.size())) {
          rivals.add(new StatelessReducer.Accepted(rival.event(), origins(rival)));
        }
        DuplicateResolver.Content<Copy> first = contents.get(0);
        byKey
            .computeIfAbsent(first.event().artifactId(), k -> new ArrayList<>())
            .add(new StatelessReducer.Accepted(first.event(), origins(first), rivals));
      }
      Map<String, StatelessArtifact> artifacts = new TreeMap<>();
      for (Map.Entry<String, List<StatelessReducer.Accepted>> e : byKey.entrySet()) {
        // through the codec, as the stateless part-files carry them
        StatelessArtifact a = StatelessReducer.reduceWithOrigins(e.getKey(), s, e.getValue());
        artifacts.put(e.getKey(), CanonicalJson.decodeStateless(CanonicalJson.encode(a)));
      }
      stateless.add(artifacts);
      s++;
    }
    List<List<Map<String, StatelessArtifact>>> statefulBatches = new ArrayList<>();
    if (oneStatefulBatch) {
      statefulBatches.add(stateless);
    } else {
      stateless.forEach(x -> statefulBatches.add(List.of(x)));
    }
    Map<String, ReconciliationArtifact> state = new TreeMap<>();
    ArtifactMerger merger = new ArtifactMerger(RULES);
    long n = 1;
    for (List<Map<String, StatelessArtifact>> batch : statefulBatches) {
      Set<String> keys = new TreeSet<>();
      batch.forEach(m -> keys.addAll(m.keySet()));
      for (String key : keys) {
        List<StatelessArtifact> incoming = new ArrayList<>();
        batch.forEach(
            m -> {
              if (m.containsKey(key)) {
                incoming.add(m.get(key));
              }
            });
        MergeResult r =
            merger.merge(state.get(key), null, incoming, n, T0.plus(Duration.ofDays(n)));
        for (MergeResult.Rejected rejected : r.conflicting()) {
          assertThat(rejected.origins()).as("origins of a rejected event").isNotEmpty();
          rejected.origins().forEach(o -> quarantined.add(o.inputObject() + ":" + o.line()));
        }
        if (r.artifact() != null) {
          state.put(key, r.artifact());
        }
      }
      n++;
    }
    return new Outcome(state, quarantined, read);
  }

  private static List<EventOrigin> origins(DuplicateResolver.Content<Copy> content) {
    return content.copies().stream().map(c -> new EventOrigin(c.input, c.line)).toList();
  }

  /** Independent of the rules under test: one pass over all lines in input order. */
  record Oracle(Map<String, List<Event>> accepted, Set<String> quarantined, long read) {
    static Oracle of(List<List<Copy>> inputs) {
      Map<String, Event> first = new LinkedHashMap<>();
      Set<String> quarantined = new TreeSet<>();
      long read = 0;
      for (List<Copy> input : inputs) {
        for (Copy c : input) {
          read++;
          String id = c.event.artifactId() + "/" + c.event.eventId();
          Event seen = first.putIfAbsent(id, c.event);
          if (seen != null && !sameContent(seen, c.event)) {
            quarantined.add(c.input + ":" + c.line);
          }
        }
      }
      Map<String, List<Event>> byKey = new TreeMap<>();
      first
          .values()
          .forEach(e -> byKey.computeIfAbsent(e.artifactId(), k -> new ArrayList<>()).add(e));
      return new Oracle(byKey, quarantined, read);
    }

    private static boolean sameContent(Event a, Event b) {
      return a.eventTime().equals(b.eventTime())
          && a.side() == b.side()
          && a.amount().compareTo(b.amount()) == 0
          && a.currency().equals(b.currency())
          && a.reference().equals(b.reference())
          && a.attributes().equals(b.attributes())
          && a.type().equals(b.type())
          && a.source().equals(b.source());
    }

    /** Per key: sorted lines and per-currency totals, summed here without the rules. */
    Map<String, String> artifacts() {
      Map<String, String> out = new TreeMap<>();
      accepted.forEach(
          (key, events) -> {
            List<Event> sorted = new ArrayList<>(events);
            sorted.sort(Event.ORDER);
            Map<String, BigDecimal> debits = new TreeMap<>();
            Map<String, BigDecimal> credits = new TreeMap<>();
            StringBuilder lines = new StringBuilder();
            for (Event e : sorted) {
              (e.side() == Side.DEBIT ? debits : credits)
                  .merge(e.currency(), e.amount(), BigDecimal::add);
              lines.append(
                  describe(
                      e.eventId(),
                      e.eventTime(),
                      e.side(),
                      e.amount(),
                      e.currency(),
                      e.reference(),
                      e.attributes()));
            }
            out.put(key, totals(debits) + "|" + totals(credits) + "|" + lines);
          });
      return out;
    }
  }

  private static Map<String, String> content(Map<String, ReconciliationArtifact> artifacts) {
    Map<String, String> out = new TreeMap<>();
    artifacts.forEach(
        (key, a) -> {
          StringBuilder lines = new StringBuilder();
          for (Line l : a.lines()) {
            lines.append(
                describe(
                    l.eventId(),
                    l.eventTime(),
                    l.side(),
                    l.amount(),
                    l.currency(),
                    l.reference(),
                    l.attributes()));
          }
          assertThat(a.lineCount()).isEqualTo(a.lines().size());
          a.balances()
              .forEach(
                  (c, b) ->
                      assertThat(b)
                          .isEqualByComparingTo(
                              a.debits()
                                  .getOrDefault(c, BigDecimal.ZERO)
                                  .subtract(a.credits().getOrDefault(c, BigDecimal.ZERO))));
          out.put(key, totals(a.debits()) + "|" + totals(a.credits()) + "|" + lines);
        });
    return out;
  }

  private static String describe(
      String id,
      Instant time,
      Side side,
      BigDecimal amount,
      String currency,
      String reference,
      Map<String, String> attributes) {
    return id
        + "@"
        + time
        + " "
        + side
        + " "
        + amount.stripTrailingZeros().toPlainString()
        + " "
        + currency
        + " "
        + reference
        + " "
        + attributes
        + ";";
  }

  private static String totals(Map<String, BigDecimal> m) {
    StringBuilder b = new StringBuilder();
    m.forEach(
        (c, v) ->
            b.append(c).append('=').append(v.stripTrailingZeros().toPlainString()).append(','));
    return b.toString();
  }
}
