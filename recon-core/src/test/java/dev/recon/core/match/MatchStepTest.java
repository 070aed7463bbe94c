package dev.recon.core.match;

import static dev.recon.core.match.MatcherTest.T0;
import static dev.recon.core.match.MatcherTest.ext;
import static dev.recon.core.match.MatcherTest.pay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.model.Event;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
import org.junit.jupiter.api.Test;

class MatchStepTest {
  static final RuleSet RULES =
      MatcherTest.rules(
          MatcherTest.rule(
              "reference-exact",
              ReferenceMode.CONTAINS_ARTIFACT_ID,
              AmountTolerance.absolute("0.00"),
              "1.00"));

  @Test
  void a_statement_line_before_its_payment_is_unmatched_then_matched_when_the_payment_arrives() {
    ExternalLine s1 = ext("s1", "125.40", "payout order-1");

    MatchStep.Outcome b1 = MatchStep.run(MatchStep.State.EMPTY, 1, RULES, List.of(s1), List.of());
    assertThat(b1.decisions())
        .extracting(MatchResult::status)
        .containsExactly(MatchStatus.UNMATCHED);
    assertThat(b1.instructions()).isEmpty();
    assertThat(b1.next().openExternal()).extracting(o -> o.line().eventId()).containsExactly("s1");

    SettlingLine p1 = pay("p1", "order-1", "125.40");
    SettlingLine p2 = pay("p2", "order-2", "10.00");
    MatchStep.Outcome b2 = MatchStep.run(b1.next(), 2, RULES, List.of(), List.of(p1, p2));

    assertThat(b2.decisions()).extracting(MatchResult::status).containsExactly(MatchStatus.MATCHED);
    assertThat(b2.next().openExternal()).isEmpty();
    assertThat(b2.next().openSettling()).extracting(SettlingLine::eventId).containsExactly("p2");
    assertThat(b2.instructions()).hasSize(1);
    Event settle = b2.instructions().get(0);
    assertThat(settle.eventId()).isEqualTo("settle:p1");
    assertThat(settle.artifactId()).isEqualTo("order-1");
    assertThat(settle.source()).isEqualTo(MatchStep.INSTRUCTION_SOURCE);
    assertThat(settle.type()).isEqualTo(MatchStep.SETTLEMENT);
    assertThat(settle.amount()).isEqualByComparingTo("125.40");
    assertThat(settle.attributes())
        .containsEntry(MatchStep.ATTR_RULE, "reference-exact")
        .containsEntry(MatchStep.ATTR_STATEMENT_LINES, "s1")
        .containsEntry(MatchStep.ATTR_SETTLED_LINE, "p1")
        .containsEntry(MatchStep.ATTR_MATCH_BATCH, "2");
  }

  @Test
  void a_resent_statement_line_is_a_duplicate_and_a_changed_one_a_conflict_neither_settles_again() {
    ExternalLine s1 = ext("s1", "10.00", "order-1");
    MatchStep.Outcome b1 =
        MatchStep.run(
            MatchStep.State.EMPTY,
            1,
            RULES,
            List.of(s1),
            List.of(
                pay("p1", "order-1", "10.00"),
                pay("p2", "order-1", "10.00", "EUR", T0.plusSeconds(60), "")));
    // two open lines of order-1 for 10.00: ambiguous, never MATCHED
    assertThat(b1.decisions())
        .extracting(MatchResult::status)
        .containsExactly(MatchStatus.SUGGESTED);

    MatchStep.Outcome b2 =
        MatchStep.run(b1.next(), 2, RULES, List.of(s1, ext("s1", "10.01", "order-1")), List.of());

    assertThat(b2.rejected()).extracting(MatchStep.Rejected::conflict).containsExactly(false, true);
    assertThat(b2.decisions()).hasSize(1);
    assertThat(b2.decisions().get(0).status()).isEqualTo(MatchStatus.SUGGESTED);
    assertThat(b2.instructions()).isEmpty();
    assertThat(b2.next().seen()).containsOnlyKeys("s1");
  }

  @Test
  void the_same_arguments_give_the_same_outcome_and_batches_must_move_forward() {
    List<ExternalLine> ext = List.of(ext("s2", "5.00", "x order-2"), ext("s1", "7.00", "order-1"));
    List<SettlingLine> pays = List.of(pay("p2", "order-2", "5.00"), pay("p1", "order-1", "7.00"));
    MatchStep.Outcome a = MatchStep.run(MatchStep.State.EMPTY, 3, RULES, ext, pays);
    MatchStep.Outcome b =
        MatchStep.run(MatchStep.State.EMPTY, 3, RULES, List.copyOf(ext), List.copyOf(pays));
    assertThat(a).isEqualTo(b);
    assertThat(a.instructions())
        .extracting(Event::eventId)
        .containsExactly("settle:p1", "settle:p2");
    assertThatThrownBy(() -> MatchStep.run(a.next(), 3, RULES, List.of(), List.of()))
        .hasMessageContaining("does not follow");
  }

  @Test
  void an_instruction_id_stays_within_the_id_limit() {
    String longId = "p".repeat(125);
    assertThat(MatchStep.instructionId("p1")).isEqualTo("settle:p1");
    assertThat(MatchStep.instructionId(longId)).startsWith("settle#").hasSize(7 + 64);
    assertThat(MatchStep.instructionId(longId)).isEqualTo(MatchStep.instructionId(longId));
  }

  /**
   * Statement lines and payments spread over batches at random, with re-sends of statement lines in
   * later batches: every payment is settled at most once over all batches; every statement line
   * whose payment exists by the last batch is MATCHED exactly once, to that payment (the oracle
   * knows the pairs by construction); a re-send never produces an instruction; the open lines at
   * the end are exactly those without a counterpart.
   */
  @Property(tries = 200)
  void over_any_spread_of_batches_nothing_is_settled_twice_and_every_pair_is_matched_once(
      @ForAll("scenarios") Scenario sc) {
    MatchStep.State state = MatchStep.State.EMPTY;
    Map<String, Integer> instructionsPerSettled = new HashMap<>();
    Map<String, Integer> matchedPerStatement = new HashMap<>();
    Map<String, String> settledBy = new HashMap<>();
    for (int b = 1; b <= sc.batches; b++) {
      MatchStep.Outcome o =
          MatchStep.run(state, b, RULES, sc.statementsIn.get(b), sc.paymentsIn.get(b));
      for (MatchResult r : o.decisions()) {
        if (r.status() == MatchStatus.MATCHED) {
          matchedPerStatement.merge(r.eventId(), 1, Integer::sum);
        }
      }
      for (Event e : o.instructions()) {
        String settled = e.attributes().get(MatchStep.ATTR_SETTLED_LINE);
        instructionsPerSettled.merge(settled, 1, Integer::sum);
        settledBy.put(settled, e.attributes().get(MatchStep.ATTR_STATEMENT_LINES));
      }
      // the stage stores the state between batches: what it reads back is what it wrote
      MatchStep.State stored = MatchCodec.decodeState(MatchCodec.encode(o.next()));
      assertThat(stored).isEqualTo(o.next());
      assertThat(MatchCodec.encode(stored)).isEqualTo(MatchCodec.encode(o.next()));
      for (MatchResult r : o.decisions()) {
        assertThat(MatchCodec.decodeResult(MatchCodec.encode(r))).isEqualTo(r);
      }
      state = stored;
    }
    assertThat(instructionsPerSettled.values()).allMatch(n -> n == 1);
    assertThat(matchedPerStatement.values()).allMatch(n -> n == 1);
    Map<String, String> expected = new TreeMap<>();
    sc.pairs.forEach((stmt, payment) -> expected.put(payment, stmt));
    assertThat(new TreeMap<>(settledBy)).isEqualTo(expected);
    Set<String> openStatements = new TreeSet<>();
    state.openExternal().forEach(x -> openStatements.add(x.line().eventId()));
    assertThat(openStatements).isEqualTo(sc.orphanStatements);
    Set<String> openPayments = new TreeSet<>();
    state.openSettling().forEach(x -> openPayments.add(x.eventId()));
    assertThat(openPayments).isEqualTo(sc.orphanPayments);
  }

  record Scenario(
      int batches,
      Map<Integer, List<ExternalLine>> statementsIn,
      Map<Integer, List<SettlingLine>> paymentsIn,
      Map<String, String> pairs,
      Set<String> orphanStatements,
      Set<String> orphanPayments) {}

  @Provide
  Arbitrary<Scenario> scenarios() {
    // per order: 0 = both sides, 1 = statement only, 2 = payment only; batch of each side; re-send
    Arbitrary<Tuple.Tuple4<Integer, Integer, Integer, Integer>> order =
        Combinators.combine(
                Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(1, 4),
                Arbitraries.integers().between(1, 4),
                Arbitraries.integers().between(0, 4))
            .as(Tuple::of);
    return order
        .list()
        .ofMinSize(1)
        .ofMaxSize(25)
        .map(
            orders -> {
              Map<Integer, List<ExternalLine>> st = new HashMap<>();
              Map<Integer, List<SettlingLine>> py = new HashMap<>();
              for (int b = 1; b <= 4; b++) {
                st.put(b, new ArrayList<>());
                py.put(b, new ArrayList<>());
              }
              Map<String, String> pairs = new TreeMap<>();
              Set<String> orphanSt = new TreeSet<>();
              Set<String> orphanPy = new TreeSet<>();
              Set<String> used = new HashSet<>();
              for (int i = 0; i < orders.size(); i++) {
                var t = orders.get(i);
                String art = "order-" + i;
                String amount = new BigDecimal(100 + i).movePointLeft(2).toPlainString();
                ExternalLine s = ext("s" + i, amount, "payout " + art);
                SettlingLine p = pay("p" + i, art, amount);
                if (t.get1() != 2) {
                  st.get(t.get2()).add(s);
                  if (t.get4() > t.get2()) {
                    st.get(t.get4()).add(s); // sent again later
                  }
                }
                if (t.get1() != 1) {
                  py.get(t.get3()).add(p);
                }
                used.add(art);
                if (t.get1() == 0) {
                  pairs.put(s.eventId(), p.eventId());
                } else if (t.get1() == 1) {
                  orphanSt.add(s.eventId());
                } else {
                  orphanPy.add(p.eventId());
                }
              }
              return new Scenario(4, st, py, pairs, orphanSt, orphanPy);
            });
  }
}
