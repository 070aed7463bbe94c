package dev.recon.core.match;

import static dev.recon.core.match.MatcherTest.ext;
import static dev.recon.core.match.MatcherTest.pay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MatchCodecTest {
  @Test
  void a_state_with_suggested_and_unmatched_lines_reads_back_equal_with_the_same_bytes() {
    // GIVEN two payments of one amount and a statement line without a reference: ambiguous
    RuleSet rules =
        MatcherTest.rules(
            MatcherTest.rule(
                "amount-date", ReferenceMode.NONE, AmountTolerance.absolute("0.00"), "0.80"));
    MatchStep.Outcome o =
        MatchStep.run(
            MatchStep.State.EMPTY,
            7,
            rules,
            List.of(ext("s1", "10.00", ""), ext("s2", "99.00", "")),
            List.of(pay("p1", "order-1", "10.00"), pay("p2", "order-2", "10.00")));
    MatchResult suggested =
        o.decisions().stream().filter(r -> r.eventId().equals("s1")).findFirst().orElseThrow();
    assertThat(suggested.status()).isEqualTo(MatchStatus.SUGGESTED);
    assertThat(suggested.candidates()).hasSize(2);

    // WHEN the state is written and read back
    byte[] bytes = MatchCodec.encode(o.next());
    MatchStep.State back = MatchCodec.decodeState(bytes);

    // THEN it is the same state, and so the next batch decides the same
    assertThat(back).isEqualTo(o.next());
    assertThat(MatchCodec.encode(back)).isEqualTo(bytes);
    assertThat(new String(bytes, StandardCharsets.UTF_8))
        .startsWith("{\"formatVersion\":1,\"batch\":7,")
        .contains("\"amount\":\"10.00\"")
        .contains("\"status\":\"SUGGESTED\"")
        .contains("\"score\":\"0.80\"");
    assertThat(MatchCodec.decodeResult(MatchCodec.encode(suggested))).isEqualTo(suggested);
    assertThat(MatchStep.run(back, 8, rules, List.of(), List.of()).decisions())
        .isEqualTo(MatchStep.run(o.next(), 8, rules, List.of(), List.of()).decisions());
  }

  @Test
  void an_exported_decision_carries_the_design_fields_and_reads_back_equal() {
    // GIVEN a batch deciding one line by reference, one ambiguous and one without candidate
    RuleSet rules = MatcherTest.REFERENCE_THEN_AMOUNT_DATE;
    List<ExternalLine> lines =
        List.of(
            ext("s0", "125.40", "payout order-9"), ext("s1", "10.00", ""), ext("s2", "99.00", ""));
    MatchStep.Outcome o =
        MatchStep.run(
            MatchStep.State.EMPTY,
            42,
            rules,
            lines,
            List.of(
                pay("p9", "order-9", "125.40"),
                pay("p1", "order-1", "10.00"),
                pay("p2", "order-2", "10.00")));

    // WHEN each decision is exported with its line
    for (MatchResult r : o.decisions()) {
      ExternalLine l =
          lines.stream().filter(x -> x.eventId().equals(r.eventId())).findFirst().get();
      MatchCodec.Decided d = new MatchCodec.Decided(l, 42, r);
      byte[] bytes = MatchCodec.encode(d);

      // THEN it reads back equal, with the same bytes
      assertThat(MatchCodec.decodeDecided(bytes)).isEqualTo(d);
      assertThat(MatchCodec.encode(MatchCodec.decodeDecided(bytes))).isEqualTo(bytes);
      String json = new String(bytes, StandardCharsets.UTF_8);
      assertThat(json).contains("\"source\":\"bank\"").contains("\"batch\":42");
      switch (r.eventId()) {
        case "s0" ->
            assertThat(json)
                .startsWith(
                    "{\"eventId\":\"s0\",\"source\":\"bank\",\"status\":\"MATCHED\","
                        + "\"artifactIds\":[\"order-9\"],\"settledEventIds\":[\"p9\"],"
                        + "\"rule\":\"reference-exact\",\"score\":1.00,\"amount\":\"125.40\","
                        + "\"currency\":\"EUR\",\"eventTime\":\"");
        case "s1" ->
            assertThat(json)
                .contains("\"status\":\"SUGGESTED\",\"artifactIds\":[],\"settledEventIds\":[]")
                .contains("\"candidates\":[{")
                .contains("\"settledEventIds\":[\"p1\"]")
                .contains("\"settledEventIds\":[\"p2\"]");
        default ->
            assertThat(json)
                .contains("\"status\":\"UNMATCHED\",\"artifactIds\":[],\"settledEventIds\":[]")
                .doesNotContain("\"rule\"")
                .contains("\"candidates\":[]");
      }
    }
    assertThat(o.decisions()).hasSize(3);
  }

  @Test
  void another_format_or_a_broken_document_is_refused() {
    assertThatThrownBy(
            () -> MatchCodec.decodeState("{\"formatVersion\":2}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("format 2");
    assertThatThrownBy(
            () -> MatchCodec.decodeState("{\"formatVersion\":".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
