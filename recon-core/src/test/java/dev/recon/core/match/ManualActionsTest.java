package dev.recon.core.match;

import static dev.recon.core.match.MatcherTest.T0;
import static dev.recon.core.match.MatcherTest.ext;
import static dev.recon.core.match.MatcherTest.pay;
import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.model.Event;
import dev.recon.core.model.Side;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Manual match, confirm and unmatch (DESIGN §9, issue 16 point 6) as {@link MatchStep} runs them.
 */
class ManualActionsTest {
  private static final RuleSet RULES = MatcherTest.REFERENCE_THEN_AMOUNT_DATE;

  private static int ids;

  private static ManualAction action(
      ManualAction.Kind kind, ExternalLine line, String to, List<String> lines, String reason) {
    return new ManualAction(
        "manual-" + ++ids,
        kind,
        line.eventId(),
        to,
        lines,
        "alice",
        reason,
        T0.plusSeconds(86_400),
        line.amount(),
        line.currency());
  }

  private static ManualAction match(ExternalLine line, String to, String... lines) {
    return action(ManualAction.Kind.MATCH, line, to, List.of(lines), "paid by wire, see ticket 42");
  }

  private static ManualAction confirm(ExternalLine line) {
    return action(ManualAction.Kind.CONFIRM, line, "", List.of(), "");
  }

  private static ManualAction unmatch(ExternalLine line) {
    return action(ManualAction.Kind.UNMATCH, line, "", List.of(), "wrong customer");
  }

  private static MatchStep.Outcome run(
      MatchStep.State s,
      long n,
      List<ExternalLine> ext,
      List<SettlingLine> settling,
      ManualAction... actions) {
    return MatchStep.run(s, n, RULES, ext, settling, List.of(actions));
  }

  private static MatchResult decision(MatchStep.Outcome o, String id) {
    return o.decisions().stream().filter(r -> r.eventId().equals(id)).findFirst().orElseThrow();
  }

  // s1 names nothing and has no counterpart; s2 is only suggested (amount-date); s3 auto-matches
  private final ExternalLine s1 = ext("s1", "30.00", "wire 7781");
  private final ExternalLine s2 = ext("s2", "10.00", "");
  private final ExternalLine s3 = ext("s3", "125.40", "payout order-1");
  private final SettlingLine p1 = pay("p1", "order-1", "125.40");
  private final SettlingLine p2 = pay("p2", "order-2", "10.00");
  private final SettlingLine p5a = pay("p5a", "order-5", "19.50");
  private final SettlingLine p5b = pay("p5b", "order-5", "10.50");

  private MatchStep.Outcome first() {
    return run(MatchStep.State.EMPTY, 1, List.of(s1, s2, s3), List.of(p1, p2, p5a, p5b));
  }

  @Test
  void match_settlesTheNamedArtifactsOpenLines_withTheActorAndReason_asMANUAL() {
    MatchStep.Outcome b1 = first();
    assertThat(decision(b1, "s1").status()).isEqualTo(MatchStatus.UNMATCHED);

    ManualAction m = match(s1, "order-5");
    MatchStep.Outcome b2 = run(b1.next(), 2, List.of(), List.of(), m);

    assertThat(b2.actions()).singleElement().satisfies(a -> assertThat(a.applied()).isTrue());
    MatchResult r = decision(b2, "s1");
    assertThat(r.status()).isEqualTo(MatchStatus.MANUAL);
    assertThat(r.rule()).isEqualTo(MatchStep.MANUAL_RULE);
    assertThat(r.score()).isNull();
    assertThat(r.settledEventIds()).containsExactly("p5a", "p5b");
    assertThat(r.match().settledAmount()).isEqualByComparingTo("30.00");
    assertThat(b2.decidedBy()).containsEntry("s1", m);
    assertThat(b2.instructions())
        .extracting(Event::eventId, Event::artifactId, Event::side, Event::amount)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "settle:p5a", "order-5", Side.CREDIT, new BigDecimal("19.50")),
            org.assertj.core.groups.Tuple.tuple(
                "settle:p5b", "order-5", Side.CREDIT, new BigDecimal("10.50")));
    assertThat(b2.instructions().get(0).attributes())
        .containsEntry(MatchStep.ATTR_RULE, "manual")
        .containsEntry(MatchStep.ATTR_ACTION, m.eventId())
        .containsEntry(ManualAction.ATTR_ACTOR, "alice")
        .containsEntry(ManualAction.ATTR_REASON, "paid by wire, see ticket 42")
        .doesNotContainKey(MatchStep.ATTR_SCORE);
    // the line and both payments are closed; the match is kept so it can be undone
    assertThat(b2.next().openExternal()).extracting(o -> o.line().eventId()).containsExactly("s2");
    assertThat(b2.next().openSettling()).extracting(SettlingLine::eventId).containsExactly("p2");
    assertThat(b2.next().settled())
        .extracting(x -> x.lines().get(0).eventId() + " " + x.result().status())
        .containsExactly("s1 MANUAL", "s3 MATCHED");
  }

  @Test
  void match_withLines_settlesOnlyThose_andRefusesLinesOfAnotherArtifactOrNotOpen() {
    MatchStep.Outcome b1 = first();
    MatchStep.Outcome b2 =
        run(
            b1.next(),
            2,
            List.of(),
            List.of(),
            match(s1, "order-5", "p2"), // p2 is order-2's
            match(s1, "order-5", "p1"), // p1 was settled by s3
            match(s1, "order-9"), // nothing open
            match(s1, "order-5", "p5a"));

    assertThat(b2.actions())
        .extracting(MatchStep.ActionOutcome::applied, MatchStep.ActionOutcome::detail)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                false, "no open settling line p2 of artifact order-5"),
            org.assertj.core.groups.Tuple.tuple(
                false, "no open settling line p1 of artifact order-5"),
            org.assertj.core.groups.Tuple.tuple(
                false, "artifact order-9 has no open settling line in EUR"),
            org.assertj.core.groups.Tuple.tuple(true, ""));
    assertThat(b2.instructions()).extracting(Event::eventId).containsExactly("settle:p5a");
    assertThat(b2.next().openSettling())
        .extracting(SettlingLine::eventId)
        .containsExactly("p2", "p5b");
  }

  @Test
  void confirm_appliesTheOnlySuggestion_withItsRuleAndScore_andRefusesWhatIsNotSuggested() {
    MatchStep.Outcome b1 = first();
    assertThat(decision(b1, "s2").status()).isEqualTo(MatchStatus.SUGGESTED);

    MatchStep.Outcome b2 =
        run(b1.next(), 2, List.of(), List.of(), confirm(s1), confirm(s3), confirm(s2));

    assertThat(b2.actions())
        .extracting(MatchStep.ActionOutcome::detail)
        .containsExactly(
            "statement line s1 is UNMATCHED, not SUGGESTED: nothing to confirm",
            "statement line s3 is settled already (MATCHED): unmatch it first",
            "");
    MatchResult r = decision(b2, "s2");
    assertThat(r.status()).isEqualTo(MatchStatus.MANUAL);
    assertThat(r.rule()).isEqualTo("amount-date");
    assertThat(r.score()).isEqualByComparingTo("0.80");
    assertThat(b2.instructions())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.eventId()).isEqualTo("settle:p2");
              assertThat(i.attributes())
                  .containsEntry(MatchStep.ATTR_SCORE, "0.80")
                  .containsEntry(ManualAction.ATTR_ACTOR, "alice")
                  .doesNotContainKey(ManualAction.ATTR_REASON);
            });
  }

  @Test
  void confirm_ofAnAmbiguousLine_isRefused_andAnAmountTheActorDidNotSee_too() {
    ExternalLine s = ext("s", "10.00", "");
    MatchStep.Outcome b1 =
        run(MatchStep.State.EMPTY, 1, List.of(s), List.of(p2, pay("p9", "order-9", "10.00")));
    assertThat(decision(b1, "s").candidates()).hasSize(2);

    ManualAction stale =
        new ManualAction(
            "manual-stale",
            ManualAction.Kind.CONFIRM,
            "s",
            "",
            List.of(),
            "bob",
            "",
            T0,
            new BigDecimal("10.01"),
            "EUR");
    MatchStep.Outcome b2 = run(b1.next(), 2, List.of(), List.of(), confirm(s), stale);

    assertThat(b2.actions())
        .extracting(MatchStep.ActionOutcome::detail)
        .containsExactly(
            "statement line s has 2 candidates: choose one with recon match s --to ARTIFACT"
                + " --lines ID,...",
            "the instruction was given for 10.01 EUR but statement line s is 10.00 EUR");
    assertThat(b2.instructions()).isEmpty();
    assertThat(b2.next().openSettling()).isEqualTo(b1.next().openSettling());
    assertThat(b2.next().openExternal()).isEqualTo(b1.next().openExternal());
  }

  @Test
  void unmatch_reversesEachSettlement_reopensTheLines_andHoldsTheStatementLineForAManualMatch() {
    MatchStep.Outcome b1 = first();
    assertThat(b1.instructions()).extracting(Event::eventId).containsExactly("settle:p1");

    ManualAction u = unmatch(s3);
    MatchStep.Outcome b2 = run(b1.next(), 2, List.of(), List.of(), u);

    assertThat(b2.instructions())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.eventId()).isEqualTo("unsettle:p1");
              assertThat(i.artifactId()).isEqualTo("order-1");
              assertThat(i.side()).isEqualTo(Side.DEBIT);
              assertThat(i.amount()).isEqualByComparingTo("125.40");
              assertThat(i.eventTime()).isEqualTo(u.at());
              assertThat(i.attributes())
                  .containsEntry(MatchStep.ATTR_REVERSES, "settle:p1")
                  .containsEntry(ManualAction.ATTR_REASON, "wrong customer")
                  .containsEntry(MatchStep.ATTR_ACTION, u.eventId());
            });
    assertThat(b2.next().openSettling()).extracting(SettlingLine::eventId).contains("p1");
    MatchStep.OpenExternal held =
        b2.next().openExternal().stream()
            .filter(o -> o.line().eventId().equals("s3"))
            .findFirst()
            .orElseThrow();
    assertThat(held.held()).isTrue();
    assertThat(Breaks.reason(held.last())).isEqualTo(Breaks.UNMATCHED_BY_HAND);
    assertThat(b2.next().settled()).isEmpty();

    // the rules leave a held line alone, though p1 is open and would fit it
    MatchStep.Outcome b3 = run(b2.next(), 3, List.of(), List.of());
    assertThat(b3.instructions()).isEmpty();
    assertThat(b3.decisions()).extracting(MatchResult::eventId).doesNotContain("s3");

    // matched again by hand, p1's next settlement has a new eventId (the first one was applied)
    MatchStep.Outcome b4 = run(b3.next(), 4, List.of(), List.of(), match(s3, "order-1"));
    assertThat(b4.instructions()).extracting(Event::eventId).containsExactly("settle2:p1");
    MatchStep.Outcome b5 = run(b4.next(), 5, List.of(), List.of(), unmatch(s3));
    assertThat(b5.instructions())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.eventId()).isEqualTo("unsettle2:p1");
              assertThat(i.attributes()).containsEntry(MatchStep.ATTR_REVERSES, "settle2:p1");
            });
    assertThat(b5.next().reopened()).isEqualTo(Map.of("p1", 2));
  }

  @Test
  void unmatch_ofALineNotSettled_isRefused() {
    MatchStep.Outcome b1 = first();
    MatchStep.Outcome b2 =
        run(b1.next(), 2, List.of(), List.of(), unmatch(s2), unmatch(ext("s9", "1.00", "")));
    assertThat(b2.actions())
        .extracting(MatchStep.ActionOutcome::detail)
        .containsExactly(
            "statement line s2 is not settled: nothing to unmatch",
            "no statement line s9 was matched");
    assertThat(b2.instructions()).isEmpty();
  }

  @Test
  void aResentAction_isADuplicate_andTheSameInputsGiveTheSameOutcome() {
    MatchStep.Outcome b1 = first();
    ManualAction m = match(s1, "order-5");
    MatchStep.Outcome b2 = run(b1.next(), 2, List.of(), List.of(), m);
    MatchStep.Outcome b3 = run(b2.next(), 3, List.of(), List.of(), m);

    assertThat(b3.actions())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.applied()).isFalse();
              assertThat(a.detail()).isEqualTo("duplicate");
            });
    assertThat(b3.instructions()).isEmpty();
    // a rerun from the same state: the same bytes
    MatchStep.Outcome again = run(b1.next(), 2, List.of(), List.of(), m);
    assertThat(MatchCodec.encode(again.next())).isEqualTo(MatchCodec.encode(b2.next()));
    assertThat(again.instructions()).isEqualTo(b2.instructions());
  }

  @Test
  void theState_withHeldLines_appliedMatchesAndReopenedCounts_roundTripsThroughItsCodec() {
    MatchStep.Outcome b1 = first();
    MatchStep.Outcome b2 =
        run(b1.next(), 2, List.of(), List.of(), unmatch(s3), match(s1, "order-5", "p5b"));
    byte[] bytes = MatchCodec.encode(b2.next());

    MatchStep.State decoded = MatchCodec.decodeState(bytes);

    assertThat(decoded).isEqualTo(b2.next());
    assertThat(MatchCodec.encode(decoded)).isEqualTo(bytes);
    assertThat(decoded.openExternal()).anySatisfy(o -> assertThat(o.held()).isTrue());
    assertThat(decoded.reopened()).containsEntry("p1", 1);
  }
}
