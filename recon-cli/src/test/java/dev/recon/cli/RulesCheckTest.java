package dev.recon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code recon rules check FILE}: OK with the version and rule count, or every error and exit 2.
 */
class RulesCheckTest {
  @TempDir Path tmp;

  static final String VALID =
      """
      version: 3
      externalSources: [bank-statement]
      settling: [{type: PAYMENT, side: CREDIT}]
      autoConfirmScore: 0.90
      rules:
        - name: reference-exact
          reference: CONTAINS_ARTIFACT_ID
          amount: {tolerance: "0.00"}
          valueDateWindow: P5D
          score: 1.00
        - name: amount-date
          amount: {tolerance: "0.00"}
          valueDateWindow: P3D
          score: 0.80
      """;

  @Test
  void check_shouldPrintVersionAndRuleCount_whenValid() throws Exception {
    Path f = Files.writeString(tmp.resolve("rules.yaml"), VALID);
    Captured r = Captured.recon("rules", "check", f.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("OK: version 3, 2 rules" + System.lineSeparator());
    assertThat(r.err()).isEmpty();
  }

  @Test
  void check_shouldPrintEveryErrorWithLineAndExit2_whenInvalid() throws Exception {
    Path f =
        Files.writeString(
            tmp.resolve("bad.yaml"),
            VALID.replace("    score: 1.00", "    scroe: 1.00").replace("P3D", "3 days"));
    Captured r = Captured.recon("rules", "check", f.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines())
        .containsExactly(
            f
                + ":10: rules[0].scroe: unknown key (expected one of amount, maxGroup, maxSplit,"
                + " name, reference, score, valueDateWindow)",
            f + ":6: rules[0].score: required",
            f
                + ":13: rules[1].valueDateWindow: not an ISO-8601 duration: '3 days' (for example"
                + " P5D, PT12H; no months)",
            "3 errors");
    assertThat(r.err()).doesNotContain("Exception").doesNotContain("dev.recon.");
  }

  @Test
  void check_shouldSayWhenTheFileIsMissing() {
    Path f = tmp.resolve("nope.yaml");
    Captured r = Captured.recon("rules", "check", f.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(f + ": cannot read the rule set: no such file" + System.lineSeparator());
    assertThat(tmp.resolve("stack.lock")).doesNotExist();
  }
}
