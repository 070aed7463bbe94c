package dev.recon.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.config.RulesConfig;
import dev.recon.core.io.RawLine;
import dev.recon.core.model.Event;
import dev.recon.core.model.QuarantineReason;
import dev.recon.core.model.Side;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class EventValidatorTest {
  private static final String GOOD =
      "{\"eventId\":\"evt-000123\",\"artifactId\":\"order-9F2K\",\"eventTime\":\"2026-11-22T10:15:00Z\","
          + "\"type\":\"PAYMENT\",\"side\":\"CREDIT\",\"amount\":\"125.40\",\"currency\":\"USD\","
          + "\"source\":\"payments-gateway\",\"reference\":\"psp-77812\",\"attributes\":{\"installments\":\"3\"}}";

  private final EventValidator validator = new EventValidator(RulesConfig.DEFAULTS.withMaxLineBytes(2048));

  private static String with(String field, String jsonValue) {
    return GOOD.replaceFirst("\"" + field + "\":(\"[^\"]*\"|\\{[^}]*\\})", java.util.regex.Matcher.quoteReplacement("\"" + field + "\":" + jsonValue));
  }

  @Test
  void validate_shouldAcceptTheDesignExample() {
    LineVerdict v = validator.validate("input/a.jsonl", 1, GOOD);
    assertThat(v.accepted()).isTrue();
    Event e = v.event();
    assertThat(e.eventId()).isEqualTo("evt-000123");
    assertThat(e.artifactId()).isEqualTo("order-9F2K");
    assertThat(e.eventTime()).isEqualTo(Instant.parse("2026-11-22T10:15:00Z"));
    assertThat(e.side()).isEqualTo(Side.CREDIT);
    assertThat(e.amount()).isEqualTo(new BigDecimal("125.40"));
    assertThat(e.attributes()).containsEntry("installments", "3");
  }

  @Test
  void validate_shouldReadJsonNumberAmountsExactly_andConvertOffsetsToUtc() {
    Event e = validator.validate("x", 1, with("amount", "0.1").replace("10:15:00Z", "12:15:00+02:00")).event();
    assertThat(e.amount().toPlainString()).isEqualTo("0.10");
    assertThat(e.eventTime()).isEqualTo(Instant.parse("2026-11-22T10:15:00Z"));
  }

  static Stream<Arguments> badLines() {
    return Stream.of(
        Arguments.of("{\"eventId\":", QuarantineReason.MALFORMED_JSON),
        Arguments.of("[1,2]", QuarantineReason.MALFORMED_JSON),
        Arguments.of(GOOD + "{}", QuarantineReason.MALFORMED_JSON),
        Arguments.of("", QuarantineReason.MALFORMED_JSON),
        Arguments.of(GOOD.replace("\"type\":\"PAYMENT\",", "\"type\":\"PAYMENT\",\"type\":\"FEE\","), QuarantineReason.MALFORMED_JSON),
        Arguments.of(GOOD.replace("\"currency\":\"USD\",", ""), QuarantineReason.MISSING_FIELD),
        Arguments.of(with("eventId", "null"), QuarantineReason.MISSING_FIELD),
        Arguments.of(with("amount", "\"-5.00\""), QuarantineReason.BAD_AMOUNT),
        Arguments.of(with("amount", "\"0.00\""), QuarantineReason.BAD_AMOUNT),
        Arguments.of(with("amount", "\"12,50\""), QuarantineReason.BAD_AMOUNT),
        Arguments.of(with("amount", "\"abc\""), QuarantineReason.BAD_AMOUNT),
        Arguments.of(with("amount", "\"1e5\""), QuarantineReason.BAD_AMOUNT),
        Arguments.of(with("amount", "\"1234567890123456789012345.5\""), QuarantineReason.BAD_AMOUNT),
        Arguments.of(with("amount", "\"1.123456789\""), QuarantineReason.BAD_AMOUNT),
        Arguments.of(with("amount", "true"), QuarantineReason.BAD_AMOUNT),
        Arguments.of(with("currency", "\"usd\""), QuarantineReason.BAD_CURRENCY),
        Arguments.of(with("currency", "\"XYZ\""), QuarantineReason.BAD_CURRENCY),
        Arguments.of(with("eventTime", "\"2026-13-01T00:00:00Z\""), QuarantineReason.BAD_TIMESTAMP),
        Arguments.of(with("eventTime", "\"2026-11-22 10:15\""), QuarantineReason.BAD_TIMESTAMP),
        Arguments.of(with("eventTime", "\"2026-11-22T10:15:00\""), QuarantineReason.BAD_TIMESTAMP),
        Arguments.of(with("eventId", "\"" + "x".repeat(129) + "\""), QuarantineReason.BAD_ID),
        Arguments.of(with("artifactId", "\"order\\u0007bell\""), QuarantineReason.BAD_ID),
        Arguments.of(with("artifactId", "\" order-1\""), QuarantineReason.BAD_ID),
        Arguments.of(with("eventId", "\"\""), QuarantineReason.BAD_ID),
        Arguments.of(with("side", "\"BOTH\""), QuarantineReason.BAD_FIELD),
        Arguments.of(with("type", "\"\""), QuarantineReason.BAD_FIELD),
        Arguments.of(with("attributes", "{\"a\":1}"), QuarantineReason.BAD_FIELD),
        Arguments.of(GOOD.replace("}}", "},\"pad\":\"" + "p".repeat(2100) + "\"}"), QuarantineReason.LINE_TOO_LONG));
  }

  @ParameterizedTest
  @MethodSource("badLines")
  void validate_shouldQuarantineWithReason_whenLineIsBad(String line, QuarantineReason reason) {
    LineVerdict v = validator.validate("input/b.jsonl", 7, line);
    assertThat(v.accepted()).as(line).isFalse();
    assertThat(v.quarantine().reason()).as(line).isEqualTo(reason);
    assertThat(v.quarantine().inputObject()).isEqualTo("input/b.jsonl");
    assertThat(v.quarantine().lineNumber()).isEqualTo(7);
    assertThat(v.quarantine().detail()).isNotBlank();
  }

  @Test
  void badLines_shouldCoverEveryLineLevelReason() {
    Set<QuarantineReason> covered = EnumSet.noneOf(QuarantineReason.class);
    badLines().forEach(a -> covered.add((QuarantineReason) a.get()[1]));
    // CONFLICTING_DUPLICATE needs two lines: DuplicateResolverTest and ArtifactMergerTest produce it
    assertThat(covered).containsAll(EnumSet.complementOf(EnumSet.of(QuarantineReason.CONFLICTING_DUPLICATE)));
  }

  @Test
  void validate_shouldQuarantineAsTooLong_whenReaderCutTheLine() {
    LineVerdict v = validator.validate("in", new RawLine(3, "{\"eventId\"", 1_000_000, true));
    assertThat(v.quarantine().reason()).isEqualTo(QuarantineReason.LINE_TOO_LONG);
    assertThat(v.quarantine().rawLength()).isEqualTo(1_000_000);
  }

  @Property(tries = 2000)
  void validate_shouldNeverThrow_whateverTheText(@ForAll String text) {
    LineVerdict v = validator.validate("fuzz", 1, text);
    assertThat(v.accepted() || v.quarantine() != null).isTrue();
  }

  @Property(tries = 1000)
  void validate_shouldNeverThrow_whenAFieldOfAGoodLineIsReplaced(@ForAll String value) {
    String escaped = value.replace("\\", "\\\\").replace("\"", "\\\"");
    for (String field : new String[] {"eventId", "artifactId", "eventTime", "amount", "currency", "side", "type"}) {
      LineVerdict v = validator.validate("fuzz", 1, with(field, "\"" + escaped + "\""));
      assertThat(v.accepted() || v.quarantine() != null).isTrue();
    }
  }
}
