package dev.recon.core.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.model.Side;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleSetParserTest {
  /** DESIGN §9's example, verbatim but for comments. */
  static final String DESIGN_EXAMPLE =
      """
      version: 3
      externalSources: [bank-statement, psp-payouts]
      settling: [{type: PAYMENT, side: CREDIT}]
      autoConfirmScore: 0.90
      agingBuckets: [P7D, P30D, P60D, P90D]
      rules:
        - name: reference-exact
          reference: CONTAINS_ARTIFACT_ID
          amount: {tolerance: "0.00"}
          valueDateWindow: P5D
          score: 1.00
        - name: net-of-fee
          reference: CONTAINS_ARTIFACT_ID
          amount: {tolerancePct: "3.0"}
          valueDateWindow: P5D
          score: 0.95
        - name: payout-group
          reference: CONTAINS_ARTIFACT_ID
          amount: {tolerance: "0.00"}
          valueDateWindow: P5D
          maxGroup: 5
          score: 0.95
        - name: split
          reference: CONTAINS_ARTIFACT_ID
          amount: {tolerance: "0.00"}
          valueDateWindow: P5D
          maxSplit: 3
          score: 0.95
        - name: amount-date
          amount: {tolerance: "0.00"}
          valueDateWindow: P3D
          score: 0.80
      """;

  private static List<String> errors(String yaml) {
    try {
      RuleSetParser.parse("rules.yaml", yaml);
    } catch (RuleSetException e) {
      return e.errors();
    }
    throw new AssertionError("expected errors");
  }

  /** The example with one line (1-based) replaced. */
  private static String replacing(int line, String with) {
    List<String> lines = new java.util.ArrayList<>(List.of(DESIGN_EXAMPLE.split("\n")));
    lines.set(line - 1, with);
    return String.join("\n", lines) + "\n";
  }

  @Test
  void parse_shouldReadDesignExample() {
    RuleSet rs = RuleSetParser.parse("rules.yaml", DESIGN_EXAMPLE);
    assertThat(rs.version()).isEqualTo(3);
    assertThat(rs.externalSources()).containsExactly("bank-statement", "psp-payouts");
    assertThat(rs.settling()).containsExactly(new SettlingType("PAYMENT", Side.CREDIT));
    assertThat(rs.autoConfirmScore()).isEqualTo(new BigDecimal("0.90"));
    assertThat(rs.agingBuckets())
        .containsExactly(
            Duration.ofDays(7), Duration.ofDays(30), Duration.ofDays(60), Duration.ofDays(90));
    assertThat(rs.rules())
        .extracting(MatchRule::name)
        .containsExactly("reference-exact", "net-of-fee", "payout-group", "split", "amount-date");
    MatchRule fee = rs.rules().get(1);
    assertThat(fee.amount()).isEqualTo(new AmountTolerance(new BigDecimal("3.0"), true));
    assertThat(fee.reference()).isEqualTo(ReferenceMode.CONTAINS_ARTIFACT_ID);
    assertThat(fee.valueDateWindow()).isEqualTo(Duration.ofDays(5));
    assertThat(rs.rules().get(2).maxGroup()).isEqualTo(5);
    assertThat(rs.rules().get(2).maxSplit()).isZero();
    assertThat(rs.rules().get(3).maxSplit()).isEqualTo(3);
    MatchRule last = rs.rules().get(4);
    assertThat(last.reference()).isEqualTo(ReferenceMode.NONE);
    assertThat(last.score()).isEqualTo(new BigDecimal("0.80"));
    assertThat(last.amount()).isEqualTo(new AmountTolerance(new BigDecimal("0.00"), false));
  }

  @Test
  void parse_shouldDefaultAgingBuckets_whenLeftOut() {
    RuleSet rs = RuleSetParser.parse("r.yaml", replacing(5, ""));
    assertThat(rs.agingBuckets()).isEqualTo(RuleSet.AGING_BUCKETS_DEFAULT);
  }

  @Test
  void parse_shouldNameFileLineAndField_whenKeyIsUnknown() {
    // line 9 is the first rule's amount
    assertThat(errors(replacing(9, "    amount: {tolernace: \"0.00\"}")))
        .containsExactly(
            "rules.yaml:9: rules[0].amount.tolernace: unknown key (expected one of tolerance,"
                + " tolerancePct)");
    assertThat(errors(replacing(1, "versoin: 3")))
        .containsExactly(
            "rules.yaml:1: versoin: unknown key (expected one of agingBuckets, autoConfirmScore,"
                + " externalSources, rules, settling, version)",
            "rules.yaml:1: version: required");
    assertThat(errors(replacing(15, "    valueDateWindw: P5D")))
        .contains(
            "rules.yaml:15: rules[1].valueDateWindw: unknown key (expected one of amount,"
                + " maxGroup, maxSplit, name, reference, score, valueDateWindow)")
        .anyMatch(s -> s.endsWith("rules[1].valueDateWindow: required"));
  }

  @Test
  void parse_shouldRejectBadDuration() {
    assertThat(errors(replacing(10, "    valueDateWindow: 5 days")))
        .containsExactly(
            "rules.yaml:10: rules[0].valueDateWindow: not an ISO-8601 duration: '5 days' (for"
                + " example P5D, PT12H; no months)");
    // months have no fixed length
    assertThat(errors(replacing(10, "    valueDateWindow: P1M")))
        .singleElement()
        .asString()
        .startsWith("rules.yaml:10: rules[0].valueDateWindow: not an ISO-8601 duration");
    assertThat(errors(replacing(10, "    valueDateWindow: -P1D")))
        .containsExactly("rules.yaml:10: rules[0].valueDateWindow: must be >= 0: -P1D");
    assertThat(errors(replacing(5, "agingBuckets: [P7D, P7D, P0D]")))
        .containsExactly(
            "rules.yaml:5: agingBuckets[1]: bounds must increase: PT168H after PT168H",
            "rules.yaml:5: agingBuckets[2]: must be > 0: P0D");
  }

  @Test
  void parse_shouldRejectScoresOutsideZeroToOne() {
    assertThat(errors(replacing(11, "    score: 1.5")))
        .containsExactly("rules.yaml:11: rules[0].score: 1.5 is out of range [0, 1]");
    assertThat(errors(replacing(11, "    score: -0.1")))
        .containsExactly("rules.yaml:11: rules[0].score: -0.1 is out of range [0, 1]");
    assertThat(errors(replacing(11, "    score: high")))
        .containsExactly("rules.yaml:11: rules[0].score: not a decimal number: 'high'");
    assertThat(errors(replacing(4, "autoConfirmScore: 1.01")))
        .containsExactly("rules.yaml:4: autoConfirmScore: 1.01 is out of range [0, 1]");
    // the bounds themselves are fine
    RuleSetParser.parse("r.yaml", replacing(11, "    score: 0"));
    RuleSetParser.parse("r.yaml", replacing(4, "autoConfirmScore: 1"));
  }

  @Test
  void parse_shouldBoundGroupsAndSplits() {
    assertThat(errors(replacing(21, "    maxGroup: 1")))
        .containsExactly("rules.yaml:21: rules[2].maxGroup: 1 is out of range [2, 10]");
    assertThat(errors(replacing(21, "    maxGroup: 11")))
        .containsExactly("rules.yaml:21: rules[2].maxGroup: 11 is out of range [2, 10]");
    assertThat(errors(replacing(21, "    maxGroup: 2.5")))
        .containsExactly("rules.yaml:21: rules[2].maxGroup: not an integer: '2.5'");
    assertThat(errors(replacing(21, "    maxGroup: 5\n    maxSplit: 2")))
        .containsExactly(
            "rules.yaml:22: rules[2].maxSplit: a rule has maxGroup or maxSplit, not both");
    assertThat(errors(replacing(18, "")))
        .singleElement()
        .asString()
        .startsWith("rules.yaml:21: rules[2].maxGroup: a group or split rule needs a reference");
  }

  @Test
  void parse_shouldRejectBadTolerances() {
    assertThat(errors(replacing(9, "    amount: {tolerance: \"-0.01\"}")))
        .containsExactly("rules.yaml:9: rules[0].amount.tolerance: -0.01 is out of range [0, ∞]");
    assertThat(errors(replacing(14, "    amount: {tolerancePct: 100}")))
        .containsExactly(
            "rules.yaml:14: rules[1].amount.tolerancePct: 100 is out of range [0, 100)");
    assertThat(errors(replacing(14, "    amount: {tolerancePct: 1, tolerance: 1}")))
        .containsExactly(
            "rules.yaml:14: rules[1].amount: give tolerance or tolerancePct, not both");
    assertThat(errors(replacing(14, "    amount: {}")))
        .containsExactly("rules.yaml:14: rules[1].amount: needs tolerance or tolerancePct");
    assertThat(errors(replacing(14, "    amount: 3%")))
        .containsExactly("rules.yaml:14: rules[1].amount: expected a mapping (key: value, ...)");
  }

  @Test
  void parse_shouldCollectEveryError() {
    String yaml =
        """
        version: zero
        externalSources: []
        settling: [{type: PAYMENT, side: CREDTI}]
        autoConfirmScore: 0.9
        rules:
          - name: a
            amount: {tolerance: "0"}
            valueDateWindow: P1D
            score: 1
          - name: a
            reference: CONTAINS_ID
            amount: {tolerance: "0"}
            valueDateWindow: P1D
            score: 1
            extra: 1
        """;
    assertThat(errors(yaml))
        .containsExactly(
            "rules.yaml:1: version: not an integer: 'zero'",
            "rules.yaml:2: externalSources: must name at least one source",
            "rules.yaml:3: settling[0].side: 'CREDTI' is not DEBIT or CREDIT",
            "rules.yaml:15: rules[1].extra: unknown key (expected one of amount, maxGroup,"
                + " maxSplit, name, reference, score, valueDateWindow)",
            "rules.yaml:10: rules[1].name: duplicate rule name 'a'",
            "rules.yaml:11: rules[1].reference: 'CONTAINS_ID' is not CONTAINS_ARTIFACT_ID or"
                + " EQUALS_LINE_REFERENCE (or leave it out)");
  }

  @Test
  void parse_shouldRequireRulesAndFields() {
    assertThat(
            errors(
                "version: 1\nexternalSources: [b]\nsettling: [{type: P, side: DEBIT}]\n"
                    + "autoConfirmScore: 0.5\nrules: []\n"))
        .containsExactly("rules.yaml:5: rules: at least one rule is needed");
    assertThat(errors("version: 1\n"))
        .containsExactly(
            "rules.yaml:1: externalSources: required",
            "rules.yaml:1: settling: required",
            "rules.yaml:1: autoConfirmScore: required",
            "rules.yaml:1: rules: required");
    assertThat(errors(replacing(7, "  - name:")))
        .containsExactly("rules.yaml:7: rules[0].name: missing value");
    assertThat(errors(replacing(1, "version: 3\nversion: 4")))
        .containsExactly("rules.yaml:2: version: duplicate key");
  }

  @Test
  void parse_shouldReportSyntaxErrorsWithTheirLine() {
    assertThat(errors("version: 1\nrules: [\n  - a: b\n"))
        .singleElement()
        .asString()
        .matches("rules\\.yaml:3: \\(syntax\\): [^\\n]+");
    assertThat(errors("")).containsExactly("rules.yaml:1: (file): empty rule set");
    assertThat(errors("- a\n- b\n"))
        .containsExactly("rules.yaml:1: (file): expected a mapping (key: value, ...)");
  }

  @Test
  void ruleSet_shouldBeImmutable() {
    RuleSet rs = RuleSetParser.parse("rules.yaml", DESIGN_EXAMPLE);
    assertThatThrownBy(() -> rs.rules().clear()).isInstanceOf(UnsupportedOperationException.class);
  }
}
