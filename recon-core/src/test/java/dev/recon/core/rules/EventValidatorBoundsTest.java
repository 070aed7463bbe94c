package dev.recon.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.config.RulesConfig;
import dev.recon.core.model.Event;
import dev.recon.core.model.QuarantineReason;
import dev.recon.core.model.QuarantineRecord;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

/**
 * Every length and count limit of {@link EventValidator} exactly at the limit (accepted) and one
 * past it (quarantined with the documented reason), the optional fields, what an accepted event
 * carries, and what a quarantine record keeps. Found by mutation testing (README "Mutation
 * testing"): each assertion here kills a mutant the other tests let survive.
 */
class EventValidatorBoundsTest {
  private static final int MAX_LINE = 2048;
  private final EventValidator validator =
      new EventValidator(RulesConfig.DEFAULTS.withMaxLineBytes(MAX_LINE));

  /** A valid line with the given extra fields (JSON members, already encoded). */
  private static String line(String type, String... extra) {
    StringJoiner j = new StringJoiner(",", "{", "}");
    j.add("\"eventId\":\"e-1\"")
        .add("\"artifactId\":\"k-1\"")
        .add("\"eventTime\":\"2026-11-01T00:00:00Z\"")
        .add("\"type\":" + type)
        .add("\"side\":\"DEBIT\"")
        .add("\"amount\":\"1.00\"")
        .add("\"currency\":\"EUR\"");
    for (String e : extra) {
      j.add(e);
    }
    return j.toString();
  }

  private static String q(String s) {
    return "\"" + s + "\"";
  }

  private QuarantineReason reason(String line) {
    LineVerdict v = validator.validate("in", 7, line);
    return v.accepted() ? null : v.quarantine().reason();
  }

  @Test
  void validate_shouldCarryEveryField_andDefaultTheOptionalOnes() {
    Event e =
        validator
            .validate("in", 1, line(q("FEE"), "\"source\":\"psp\"", "\"reference\":\"r-9\""))
            .event();
    assertThat(e.type()).isEqualTo("FEE");
    assertThat(e.currency()).isEqualTo("EUR");
    assertThat(e.source()).isEqualTo("psp");
    assertThat(e.reference()).isEqualTo("r-9");
    Event bare = validator.validate("in", 1, line(q("FEE"))).event();
    assertThat(bare.source()).isEmpty();
    assertThat(bare.reference()).isEmpty();
    assertThat(bare.attributes()).isEmpty();
    // null optional fields are absent ones
    Event nulls =
        validator
            .validate("in", 1, line(q("FEE"), "\"source\":null", "\"reference\":null"))
            .event();
    assertThat(nulls.source()).isEmpty();
    assertThat(nulls.reference()).isEmpty();
  }

  @Test
  void validate_shouldBoundTypeSourceAndReference_atTheirLengths() {
    assertThat(reason(line(q("T".repeat(64))))).isNull();
    assertThat(reason(line(q("T".repeat(65))))).isEqualTo(QuarantineReason.BAD_FIELD);
    assertThat(reason(line(q("")))).isEqualTo(QuarantineReason.BAD_FIELD);
    assertThat(reason(line(q("FEE"), "\"source\":" + q("s".repeat(256))))).isNull();
    assertThat(reason(line(q("FEE"), "\"source\":" + q("s".repeat(257)))))
        .isEqualTo(QuarantineReason.BAD_FIELD);
    assertThat(reason(line(q("FEE"), "\"source\":\"\""))).isNull();
    assertThat(reason(line(q("FEE"), "\"reference\":" + q("r".repeat(256))))).isNull();
    assertThat(reason(line(q("FEE"), "\"reference\":" + q("r".repeat(257)))))
        .isEqualTo(QuarantineReason.BAD_FIELD);
    assertThat(validator.validate("in", 1, line(q("T".repeat(65)))).quarantine().detail())
        .isEqualTo("type must be 1..64 characters without control characters");
    assertThat(
            validator
                .validate("in", 1, line(q("FEE"), "\"source\":" + q("s".repeat(257))))
                .quarantine()
                .detail())
        .isEqualTo("source must be 0..256 characters without control characters");
  }

  @Test
  void validate_shouldRefuseControlCharacters_inEveryTextField() {
    assertThat(reason(line(q("FE\\u0007E")))).isEqualTo(QuarantineReason.BAD_FIELD);
    assertThat(reason(line(q("FEE"), "\"source\":\"p\\tsp\"")))
        .isEqualTo(QuarantineReason.BAD_FIELD);
    assertThat(reason(line(q("FEE"), "\"reference\":\"\\u009f\"")))
        .isEqualTo(QuarantineReason.BAD_FIELD);
    assertThat(reason(line(q("FEE"), "\"attributes\":{\"k\\n\":\"v\"}")))
        .isEqualTo(QuarantineReason.BAD_FIELD);
    assertThat(reason(line(q("FEE"), "\"attributes\":{\"k\":\"v\\u0000\"}")))
        .isEqualTo(QuarantineReason.BAD_FIELD);
    // printable non-ASCII is text
    assertThat(reason(line(q("FRAIS_Ü"), "\"reference\":\"réf\""))).isNull();
  }

  @Test
  void validate_shouldBoundAttributes_inCountKeyAndValue() {
    assertThat(reason(line(q("FEE"), "\"attributes\":" + attributes(64, 1, 1)))).isNull();
    assertThat(reason(line(q("FEE"), "\"attributes\":" + attributes(65, 1, 1))))
        .isEqualTo(QuarantineReason.BAD_FIELD);
    assertThat(reason(line(q("FEE"), "\"attributes\":" + attributes(1, 64, 256)))).isNull();
    assertThat(reason(line(q("FEE"), "\"attributes\":" + attributes(1, 65, 1))))
        .isEqualTo(QuarantineReason.BAD_FIELD);
    assertThat(reason(line(q("FEE"), "\"attributes\":" + attributes(1, 1, 257))))
        .isEqualTo(QuarantineReason.BAD_FIELD);
    assertThat(reason(line(q("FEE"), "\"attributes\":{\"\":\"v\"}")))
        .isEqualTo(QuarantineReason.BAD_FIELD);
    assertThat(reason(line(q("FEE"), "\"attributes\":{\"k\":1}")))
        .isEqualTo(QuarantineReason.BAD_FIELD);
    Event e =
        validator
            .validate("in", 1, line(q("FEE"), "\"attributes\":" + attributes(2, 3, 4)))
            .event();
    assertThat(e.attributes())
        .containsExactly(java.util.Map.entry("k00", "vvvv"), java.util.Map.entry("k01", "vvvv"));
  }

  /** {@code n} distinct keys of {@code keyLength} characters, values of {@code valueLength}. */
  private static String attributes(int n, int keyLength, int valueLength) {
    StringJoiner j = new StringJoiner(",", "{", "}");
    for (int i = 0; i < n; i++) {
      String key = n == 1 ? "" : String.format("k%02d", i);
      key = key + "k".repeat(Math.max(0, keyLength - key.length()));
      j.add(q(key) + ":" + q("v".repeat(valueLength)));
    }
    return j.toString();
  }

  @Test
  void validate_shouldBoundTheLine_inBytes_notCharacters() {
    // ASCII: exactly the limit is read, one byte more is too long (an unknown field pads it)
    int room = MAX_LINE - line(q("FEE"), "\"x\":\"\"").length();
    String atLimit = line(q("FEE"), "\"x\":\"" + "x".repeat(room) + "\"");
    assertThat(atLimit.getBytes(StandardCharsets.UTF_8)).hasSize(MAX_LINE);
    assertThat(reason(atLimit)).isNull();
    String overLimit = line(q("FEE"), "\"x\":\"" + "x".repeat(room + 1) + "\"");
    assertThat(reason(overLimit)).isEqualTo(QuarantineReason.LINE_TOO_LONG);
    // multi-byte text: fewer characters than the limit, but more bytes
    String wide = "\"x\":\"" + "é".repeat(MAX_LINE / 2) + "\"";
    String wideLine = line(q("FEE"), wide);
    assertThat(wideLine.length()).isLessThan(MAX_LINE);
    assertThat(reason(wideLine)).isEqualTo(QuarantineReason.LINE_TOO_LONG);
    // and multi-byte text that fits in bytes is read
    String fits = line(q("FEE"), "\"x\":\"" + "é".repeat(MAX_LINE / 4) + "\"");
    assertThat(fits.getBytes(StandardCharsets.UTF_8).length).isLessThan(MAX_LINE);
    assertThat(reason(fits)).isNull();
  }

  @Test
  void quarantine_shouldKeepTheRawText_upToItsLimit_withoutCuttingASurrogatePair() {
    EventValidator wide = new EventValidator(RulesConfig.DEFAULTS.withMaxLineBytes(16_384));
    String exact = "x".repeat(EventValidator.MAX_RAW_TEXT);
    assertThat(wide.validate("in", 1, exact).quarantine().rawText()).isEqualTo(exact);
    QuarantineRecord longer = wide.validate("in", 1, exact + "y").quarantine();
    assertThat(longer.rawText()).isEqualTo(exact);
    assertThat(longer.rawLength()).isEqualTo(EventValidator.MAX_RAW_TEXT + 1);
    // exactly at the limit nothing is cut, even when the last character is a lone high surrogate
    String lone = "x".repeat(EventValidator.MAX_RAW_TEXT - 1) + "\ud83d";
    assertThat(wide.validate("in", 1, lone).quarantine().rawText()).isEqualTo(lone);
    // a pair straddling the cut is dropped whole
    String pair = "x".repeat(EventValidator.MAX_RAW_TEXT - 1) + "\ud83d\ude00" + "z";
    assertThat(wide.validate("in", 1, pair).quarantine().rawText())
        .isEqualTo("x".repeat(EventValidator.MAX_RAW_TEXT - 1));
  }

  @Test
  void quarantine_shouldDescribeTheValue_clippedAndWithControlsEscaped() {
    String side = "S".repeat(45);
    assertThat(
            validator
                .validate("in", 1, line(q("FEE")).replace("\"DEBIT\"", q(side)))
                .quarantine()
                .detail())
        .isEqualTo("side must be DEBIT or CREDIT: " + "S".repeat(40) + "…");
    assertThat(
            validator
                .validate("in", 1, line(q("FEE")).replace("\"DEBIT\"", "\"DE\\u0001BIT\""))
                .quarantine()
                .detail())
        .isEqualTo("side must be DEBIT or CREDIT: DE\\u0001BIT");
    assertThat(
            validator
                .validate("in", 1, line(q("FEE")).replace("\"DEBIT\"", q("S".repeat(40))))
                .quarantine()
                .detail())
        .isEqualTo("side must be DEBIT or CREDIT: " + "S".repeat(40));
    // a parser message is cut to its first line
    String detail = validator.validate("in", 1, "{\"eventId\":tru}").quarantine().detail();
    assertThat(detail).contains("'tru'").doesNotContain("\n");
  }

  @Test
  void validate_shouldKeepEveryValue_pastTheInterningCache() {
    EventValidator v = new EventValidator(RulesConfig.DEFAULTS);
    Event last = null;
    for (int i = 0; i < 10_010; i++) {
      last = v.validate("in", i + 1, line(q("T" + i), "\"source\":" + q("s" + i))).event();
    }
    assertThat(last.type()).isEqualTo("T10009");
    assertThat(last.source()).isEqualTo("s10009");
    assertThat(last.currency()).isEqualTo("EUR");
  }
}
