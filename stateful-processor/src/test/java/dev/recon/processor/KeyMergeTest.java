package dev.recon.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.config.RulesConfig;
import dev.recon.core.error.ReconException;
import dev.recon.core.model.ArtifactLocation;
import dev.recon.core.model.Event;
import dev.recon.core.model.EventOrigin;
import dev.recon.core.model.QuarantineReason;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.rules.StatelessReducer;
import dev.recon.core.testing.StatelessBatches;
import dev.recon.core.testing.TestArtifacts;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyMergeTest {
  private final StatelessBatches gen = new StatelessBatches(11);
  private final KeyMerge merge = new KeyMerge(RulesConfig.DEFAULTS, 5, TestArtifacts.AS_OF);

  private static Contribution stateless(long s, String file, long line, List<Event> events) {
    byte[] bytes =
        CanonicalJson.encode(StatelessReducer.reduce(events.get(0).artifactId(), s, events));
    return Contribution.stateless(events.get(0).artifactId(), s, file, line, 0, bytes);
  }

  private static Contribution prior(
      ReconciliationArtifact a, String file, long offset, int origin) {
    byte[] bytes = CanonicalJson.encode(a);
    return Contribution.prior(
        a.artifactId(), a.version(), file, offset, bytes.length, origin, bytes);
  }

  @Test
  void newer_shouldPreferTheHigherVersion_whenPrefetchedAndInFlightCopiesDiffer() {
    // GIVEN version 2 from the prefetch and version 4 in flight
    Contribution prefetched =
        prior(
            TestArtifacts.artifact(gen, "k", 2, 1),
            "state/0000000002/part-00000.jsonl",
            0,
            Contribution.ORIGIN_PREFETCH);
    Contribution inFlight =
        prior(
            TestArtifacts.artifact(gen, "k", 4, 2),
            "state/0000000004/part-00001.jsonl",
            90,
            Contribution.ORIGIN_IN_FLIGHT);

    // WHEN / THEN in either order
    assertThat(KeyMerge.newer(prefetched, inFlight)).isSameAs(inFlight);
    assertThat(KeyMerge.newer(KeyMerge.newer(null, inFlight), prefetched)).isSameAs(inFlight);
  }

  @Test
  void merge_shouldPointPreviousAtThePriorsLocation_whenAPriorExists() {
    // GIVEN an in-flight prior at state/4 offset 90 and two stateless batches of new events
    ReconciliationArtifact p = TestArtifacts.artifact(gen, "k", 4, 2);
    Contribution prior =
        prior(p, "state/0000000004/part-00001.jsonl", 90, Contribution.ORIGIN_IN_FLIGHT);
    List<Contribution> lines =
        List.of(
            stateless(
                8,
                "stateless/0000000008/artifacts/part-00000.jsonl",
                3,
                List.of(gen.event("k"), gen.event("k"))),
            stateless(
                9, "stateless/0000000009/artifacts/part-00002.jsonl", 1, List.of(gen.event("k"))));

    // WHEN
    KeyMerge.Outcome o = merge.merge("k", prior, lines);

    // THEN
    assertThat(o.written().version()).isEqualTo(5);
    assertThat(o.written().lineCount()).isEqualTo(5);
    assertThat(o.written().previous())
        .isEqualTo(new ArtifactLocation("state/0000000004/part-00001.jsonl", 90, prior.length));
    assertThat(o.priorOrigin()).isEqualTo(Contribution.ORIGIN_IN_FLIGHT);
    assertThat(o.events()).isEqualTo(3);
    assertThat(o.applied()).isEqualTo(3);
  }

  @Test
  void merge_shouldQuarantineWithProvenance_whenAnEventConflictsWithHistory() {
    // GIVEN a prior holding evt X, and a stateless line (file F, line 7) carrying X with another
    // amount plus X identical
    ReconciliationArtifact p = TestArtifacts.artifact(gen, "k", 3, 2);
    Event applied =
        new Event(
            p.lines().get(0).eventId(),
            "k",
            p.lines().get(0).eventTime(),
            p.lines().get(0).type(),
            p.lines().get(0).side(),
            p.lines().get(0).amount(),
            p.lines().get(0).currency(),
            p.lines().get(0).source(),
            p.lines().get(0).reference(),
            p.lines().get(0).attributes());
    Event changed =
        StatelessBatches.conflicting(
            new Event(
                p.lines().get(1).eventId(),
                "k",
                p.lines().get(1).eventTime(),
                p.lines().get(1).type(),
                p.lines().get(1).side(),
                p.lines().get(1).amount(),
                p.lines().get(1).currency(),
                p.lines().get(1).source(),
                p.lines().get(1).reference(),
                p.lines().get(1).attributes()));
    Contribution line =
        stateless(
            8, "stateless/0000000008/artifacts/part-00003.jsonl", 7, List.of(applied, changed));

    // WHEN
    KeyMerge.Outcome o =
        merge.merge(
            "k",
            prior(p, "state/0000000003/part-00000.jsonl", 0, Contribution.ORIGIN_PREFETCH),
            List.of(line));

    // THEN nothing new is written, one duplicate is counted, one conflict is quarantined with its
    // origin
    assertThat(o.written()).isNull();
    assertThat(o.duplicates()).isEqualTo(1);
    assertThat(o.quarantined())
        .singleElement()
        .satisfies(
            q -> {
              assertThat(q.reason()).isEqualTo(QuarantineReason.CONFLICTING_DUPLICATE);
              assertThat(q.inputObject())
                  .isEqualTo("stateless/0000000008/artifacts/part-00003.jsonl");
              assertThat(q.lineNumber()).isEqualTo(7);
              assertThat(
                      CanonicalJson.decodeEvent(
                              q.rawText().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                          .amount())
                  .isEqualByComparingTo(changed.amount());
            });
    assertThat(o.events()).isEqualTo(o.applied() + o.duplicates() + o.conflictingContents());
  }

  @Test
  void merge_shouldQuarantineEveryInputLineOfTheLosingContents_andKeepTheOneHistoryHolds() {
    // GIVEN a prior holding X; a run that met, in input order, a conflicting X' (input b line 4,
    // with an
    // identical copy at b line 9) and then X itself again (input c line 2): X' is the run's first
    // content, X its rival
    ReconciliationArtifact p = TestArtifacts.artifact(gen, "k", 3, 1);
    var l = p.lines().get(0);
    Event x =
        new Event(
            l.eventId(),
            "k",
            l.eventTime(),
            l.type(),
            l.side(),
            l.amount(),
            l.currency(),
            l.source(),
            l.reference(),
            l.attributes());
    Event changed = StatelessBatches.conflicting(x);
    StatelessReducer.Accepted rival =
        new StatelessReducer.Accepted(x, List.of(new EventOrigin("input/c.jsonl", 2)));
    StatelessReducer.Accepted first =
        new StatelessReducer.Accepted(
            changed,
            List.of(new EventOrigin("input/b.jsonl", 4), new EventOrigin("input/b.jsonl", 9)),
            List.of(rival));
    byte[] bytes = CanonicalJson.encode(StatelessReducer.reduceWithOrigins("k", 8, List.of(first)));
    Contribution line =
        Contribution.stateless(
            "k", 8, "stateless/0000000008/artifacts/part-00000.jsonl", 1, 0, bytes);

    // WHEN merged against the prior
    KeyMerge.Outcome o =
        merge.merge(
            "k",
            prior(p, "state/0000000003/part-00000.jsonl", 0, Contribution.ORIGIN_PREFETCH),
            List.of(line));

    // THEN the rival X is a duplicate, and X' is quarantined under both input lines it was read
    // from
    assertThat(o.written()).isNull();
    assertThat(o.duplicates()).isEqualTo(1);
    assertThat(o.quarantined())
        .extracting(q -> q.inputObject() + ":" + q.lineNumber())
        .containsExactly("input/b.jsonl:4", "input/b.jsonl:9");
    assertThat(o.quarantined())
        .allSatisfy(q -> assertThat(q.reason()).isEqualTo(QuarantineReason.CONFLICTING_DUPLICATE));
    assertThat(o.events()).isEqualTo(2);
    assertThat(o.conflictingContents()).isEqualTo(1);
    // events + copies the reducer folded = applied + duplicates + quarantined lines
    assertThat(o.events() + (o.quarantined().size() - o.conflictingContents()))
        .isEqualTo(o.applied() + o.duplicates() + o.quarantined().size());
  }

  @Test
  void merge_shouldApplyTheFirstContentAndQuarantineItsRivals_whenTheEventIsNew() {
    Event e = gen.event("k");
    Event other = StatelessBatches.conflicting(e);
    StatelessReducer.Accepted first =
        new StatelessReducer.Accepted(
            e,
            List.of(new EventOrigin("input/a.jsonl", 1)),
            List.of(
                new StatelessReducer.Accepted(
                    other, List.of(new EventOrigin("input/a.jsonl", 2)))));
    byte[] bytes = CanonicalJson.encode(StatelessReducer.reduceWithOrigins("k", 8, List.of(first)));

    KeyMerge.Outcome o =
        merge.merge(
            "k",
            null,
            List.of(
                Contribution.stateless(
                    "k", 8, "stateless/0000000008/artifacts/part-00000.jsonl", 1, 0, bytes)));

    assertThat(o.applied()).isEqualTo(1);
    assertThat(o.written().lines())
        .singleElement()
        .satisfies(x -> assertThat(x.amount()).isEqualByComparingTo(e.amount()));
    assertThat(o.quarantined())
        .singleElement()
        .satisfies(
            q -> {
              assertThat(q.inputObject() + ":" + q.lineNumber()).isEqualTo("input/a.jsonl:2");
              assertThat(
                      CanonicalJson.decodeEvent(
                              q.rawText().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                          .amount())
                  .isEqualByComparingTo(other.amount());
            });
  }

  @Test
  void merge_shouldCreateVersionN_whenTheKeyIsNew() {
    // GIVEN
    Event e = gen.event("fresh");

    // WHEN
    KeyMerge.Outcome o = merge.merge("fresh", null, List.of(stateless(8, "s", 1, List.of(e))));

    // THEN
    assertThat(o.written().version()).isEqualTo(5);
    assertThat(o.written().previous()).isNull();
    assertThat(o.priorOrigin()).isEqualTo(-1);
    BigDecimal signed =
        e.side() == dev.recon.core.model.Side.DEBIT ? e.amount() : e.amount().negate();
    assertThat(o.written().balances().get(e.currency())).isEqualByComparingTo(signed);
  }

  @Test
  void merge_shouldFail_whenThePriorBytesAreAnotherVersion() {
    // GIVEN a prior row claiming version 4 whose bytes are version 3
    ReconciliationArtifact p = TestArtifacts.artifact(gen, "k", 3, 1);
    byte[] bytes = CanonicalJson.encode(p);
    Contribution lying =
        Contribution.prior("k", 4, "state/x", 0, bytes.length, Contribution.ORIGIN_PREFETCH, bytes);

    // WHEN / THEN
    assertThatThrownBy(
            () -> merge.merge("k", lying, List.of(stateless(8, "s", 1, List.of(gen.event("k"))))))
        .isInstanceOf(ReconException.class);
  }
}
