package dev.recon.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.config.RulesConfig;
import dev.recon.core.io.RawLine;
import dev.recon.core.model.Event;
import dev.recon.core.model.QuarantineReason;
import dev.recon.core.model.Side;
import dev.recon.core.tenant.TenantId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventValidatorTest {
  private static final String GOOD =
      "{\"eventId\":\"evt-000123\",\"artifactId\":\"order-9F2K\",\"eventTime\":\"2026-11-22T10:15:00Z\","
          + "\"type\":\"PAYMENT\",\"side\":\"CREDIT\",\"amount\":\"125.40\",\"currency\":\"USD\","
          + "\"source\":\"payments-gateway\",\"reference\":\"psp-77812\",\"attributes\":{\"installments\":\"3\"}}";

  private final EventValidator validator =
      new EventValidator(RulesConfig.DEFAULTS.withMaxLineBytes(2048));

  private static String with(String field, String jsonValue) {
    return GOOD.replaceFirst(
        "\"" + field + "\":(\"[^\"]*\"|\\{[^}]*\\})",
        java.util.regex.Matcher.quoteReplacement("\"" + field + "\":" + jsonValue));
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
    assertThat(e.type()).isEqualTo("PAYMENT");
    assertThat(e.currency()).isEqualTo("USD");
    assertThat(e.source()).isEqualTo("payments-gateway");
    assertThat(e.reference()).isEqualTo("psp-77812");
  }

  @Test
  void validate_shouldAcceptUnkeyedLinesOnlyFromADeclaredExternalSource() {
    EventValidator matching =
        new EventValidator(RulesConfig.DEFAULTS, TenantId.DEFAULT, Set.of("bank-statement"));
    String unkeyed =
        with("source", "\"bank-statement\"").replace("\"artifactId\":\"order-9F2K\",", "");

    Event e = matching.validate("x", 1, unkeyed).event();
    assertThat(e.artifactId()).isEmpty();
    assertThat(e.isUnkeyed()).isTrue();
    assertThat(matching.isExternal(e)).isTrue();
    // a null artifactId reads as absent; a keyed statement line keeps its key and is still external
    assertThat(
            matching
                .validate(
                    "x", 2, with("source", "\"bank-statement\"").replace("\"order-9F2K\"", "null"))
                .event()
                .isUnkeyed())
        .isTrue();
    Event keyed = matching.validate("x", 3, with("source", "\"bank-statement\"")).event();
    assertThat(keyed.artifactId()).isEqualTo("order-9F2K");
    assertThat(matching.isExternal(keyed)).isTrue();
    assertThat(matching.isExternal(matching.validate("x", 4, GOOD).event())).isFalse();
    assertThat(
            matching
                .validate("x", 4, GOOD.replace(",\"source\":\"payments-gateway\"", ""))
                .accepted())
        .isTrue();

    // everything else about validation stays: an empty id is still a bad id, other sources need one
    assertThat(
            matching
                .validate(
                    "x", 5, with("source", "\"bank-statement\"").replace("\"order-9F2K\"", "\"\""))
                .quarantine()
                .reason())
        .isEqualTo(QuarantineReason.BAD_ID);
    assertThat(matching.validate("x", 6, unkeyed.replace("bank-statement", "gateway")).quarantine())
        .satisfies(
            q -> {
              assertThat(q.reason()).isEqualTo(QuarantineReason.MISSING_FIELD);
              assertThat(q.detail()).isEqualTo("missing field artifactId");
            });
    assertThat(validator.validate("x", 7, unkeyed).quarantine().reason())
        .isEqualTo(QuarantineReason.MISSING_FIELD);
    assertThat(
            matching
                .validate("x", 8, unkeyed.replace("\"amount\":\"125.40\"", "\"amount\":\"-1\""))
                .quarantine()
                .reason())
        .isEqualTo(QuarantineReason.BAD_AMOUNT);
  }

  @Test
  void validate_shouldAcceptManualInstructions_onlyInTheirOwnObjects_wellFormed_withARuleSet() {
    EventValidator matching =
        new EventValidator(RulesConfig.DEFAULTS, TenantId.DEFAULT, Set.of("bank"));
    String key =
        dev.recon.core.layout.Layout.manualInstructions(
            Instant.parse("2026-11-22T10:00:00Z"), "manual-1");
    assertThat(key).isEqualTo("input/2026/11/22/10/recon-manual-manual-1.jsonl");
    String confirm =
        "{\"eventId\":\"manual-1\",\"eventTime\":\"2026-11-22T10:15:00Z\",\"type\":\"CONFIRM\","
            + "\"side\":\"CREDIT\",\"amount\":\"10.00\",\"currency\":\"EUR\","
            + "\"source\":\"recon.manual\",\"reference\":\"s2\",\"attributes\":{\"actor\":\"alice\"}}";

    Event e = matching.validate(key, 1, confirm).event();
    assertThat(e.isUnkeyed()).isTrue();
    assertThat(matching.isExternal(e)).isTrue();
    assertThat(dev.recon.core.match.ManualAction.of(e).describe()).isEqualTo("confirm s2 by alice");

    // in any other object, it is a forgery
    assertThat(matching.validate("input/x.jsonl", 1, confirm).quarantine())
        .satisfies(
            q -> {
              assertThat(q.reason()).isEqualTo(QuarantineReason.BAD_FIELD);
              assertThat(q.detail()).contains("reserved for manual matching instructions");
            });
    // without a rule set in force there is nothing to instruct
    assertThat(new EventValidator(RulesConfig.DEFAULTS).validate(key, 1, confirm).quarantine())
        .satisfies(q -> assertThat(q.detail()).contains("needs a rule set"));
    // malformed: no actor, an unknown kind, a MATCH without its artifact or reason, a key
    for (String[] bad :
        new String[][] {
          {confirm.replace("{\"actor\":\"alice\"}", "{}"), "actor"},
          {confirm.replace("CONFIRM", "DELETE"), "MATCH, UNMATCH or CONFIRM"},
          {
            confirm.replace("CONFIRM", "MATCH").replace("\"alice\"", "\"alice\",\"reason\":\"r\""),
            "attribute to"
          },
          {confirm.replace("CONFIRM", "UNMATCH"), "reason"},
          {confirm.replace("\"reference\":\"s2\"", "\"reference\":\" \""), "reference"},
          {
            confirm.replace("\"eventTime\"", "\"artifactId\":\"order-1\",\"eventTime\""),
            "no artifactId"
          },
        }) {
      assertThat(matching.validate(key, 2, bad[0]).quarantine())
          .as(bad[0])
          .satisfies(
              q -> {
                assertThat(q.reason()).isEqualTo(QuarantineReason.BAD_FIELD);
                assertThat(q.detail()).contains(bad[1]);
              });
    }
  }

  @Test
  void validate_shouldRefuseTheMatchingStagesOwnSource_inOrdinaryInput() {
    var q = validator.validate("x", 1, with("source", "\"recon.match\"")).quarantine();
    assertThat(q.reason()).isEqualTo(QuarantineReason.BAD_FIELD);
    assertThat(q.detail()).contains("recon.match").contains("reserved");
    // only the matching stage's own instructions object may carry it
    String key =
        dev.recon.core.layout.Layout.matchInstructions(Instant.parse("2026-11-22T10:00:00Z"), 7);
    assertThat(key).isEqualTo("input/2026/11/22/10/recon-match-0000000007.jsonl");
    assertThat(validator.validate(key, 1, with("source", "\"recon.match\"")).event().isSettlement())
        .isTrue();
  }

  @Test
  void validate_shouldReadJsonNumberAmountsExactly_andConvertOffsetsToUtc() {
    Event e =
        validator
            .validate("x", 1, with("amount", "0.1").replace("10:15:00Z", "12:15:00+02:00"))
            .event();
    assertThat(e.amount().toPlainString()).isEqualTo("0.10");
    assertThat(e.eventTime()).isEqualTo(Instant.parse("2026-11-22T10:15:00Z"));
  }

  @Test
  void validate_shouldAcceptAnEventNamingItsOwnTenant_andRefuseAnother() {
    EventValidator acme = new EventValidator(RulesConfig.DEFAULTS, TenantId.of("acme"));
    String named = "{\"tenant\":\"acme\"," + GOOD.substring(1);

    assertThat(acme.validate("input/a.jsonl", 1, named).accepted()).isTrue();
    assertThat(acme.validate("input/a.jsonl", 1, GOOD).accepted()).isTrue();
    LineVerdict other = acme.validate("input/a.jsonl", 1, named.replace("acme", "globex"));
    assertThat(other.quarantine().reason()).isEqualTo(QuarantineReason.WRONG_TENANT);
    assertThat(other.quarantine().detail()).contains("globex").contains("acme");
  }

  static Stream<Arguments> badLines() {
    return Stream.of(
        Arguments.of("{\"tenant\":\"acme\"," + GOOD.substring(1), QuarantineReason.WRONG_TENANT),
        Arguments.of("{\"tenant\":7," + GOOD.substring(1), QuarantineReason.WRONG_TENANT),
        Arguments.of("{\"eventId\":", QuarantineReason.MALFORMED_JSON),
        Arguments.of("[1,2]", QuarantineReason.MALFORMED_JSON),
        Arguments.of(GOOD + "{}", QuarantineReason.MALFORMED_JSON),
        Arguments.of("", QuarantineReason.MALFORMED_JSON),
        Arguments.of(
            GOOD.replace("\"type\":\"PAYMENT\",", "\"type\":\"PAYMENT\",\"type\":\"FEE\","),
            QuarantineReason.MALFORMED_JSON),
        Arguments.of(GOOD.replace("\"currency\":\"USD\",", ""), QuarantineReason.MISSING_FIELD),
        Arguments.of(with("eventId", "null"), QuarantineReason.MISSING_FIELD),
        Arguments.of(with("amount", "\"-5.00\""), QuarantineReason.BAD_AMOUNT),
        Arguments.of(with("amount", "\"0.00\""), QuarantineReason.BAD_AMOUNT),
        Arguments.of(with("amount", "\"12,50\""), QuarantineReason.BAD_AMOUNT),
        Arguments.of(with("amount", "\"abc\""), QuarantineReason.BAD_AMOUNT),
        Arguments.of(with("amount", "\"1e5\""), QuarantineReason.BAD_AMOUNT),
        Arguments.of(
            with("amount", "\"1234567890123456789012345.5\""), QuarantineReason.BAD_AMOUNT),
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
        Arguments.of(
            GOOD.replace("}}", "},\"pad\":\"" + "p".repeat(2100) + "\"}"),
            QuarantineReason.LINE_TOO_LONG));
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
    // CONFLICTING_DUPLICATE needs two lines: DuplicateResolverTest and ArtifactMergerTest produce
    // it
    // MALFORMED_UTF8 is about bytes, which a String cannot hold:
    // validate_shouldQuarantineInvalidUtf8… covers it
    assertThat(covered)
        .containsAll(
            EnumSet.complementOf(
                EnumSet.of(
                    QuarantineReason.CONFLICTING_DUPLICATE, QuarantineReason.MALFORMED_UTF8)));
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
    // (a verdict is an event or a quarantine record by construction: what is checked is that it
    // never throws, and that a quarantined line is kept as it was read)
    if (!v.accepted()) {
      assertThat(v.quarantine().rawText()).isEqualTo(text);
      assertThat(v.quarantine().lineNumber()).isEqualTo(1);
      assertThat(v.quarantine().inputObject()).isEqualTo("fuzz");
    }
  }

  @Property(tries = 1000)
  void validate_shouldNeverThrow_whenAFieldOfAGoodLineIsReplaced(@ForAll String value) {
    String escaped = value.replace("\\", "\\\\").replace("\"", "\\\"");
    for (String field :
        new String[] {"eventId", "artifactId", "eventTime", "amount", "currency", "side", "type"}) {
      LineVerdict v = validator.validate("fuzz", 1, with(field, "\"" + escaped + "\""));
      assertThat(v.accepted() || v.quarantine() != null).isTrue();
    }
  }

  private static java.util.List<LineVerdict> readAndValidate(
      EventValidator v, byte[] file, Instant windowEnd) throws java.io.IOException {
    java.util.List<LineVerdict> out = new java.util.ArrayList<>();
    try (dev.recon.core.io.BoundedLineReader r =
        new dev.recon.core.io.BoundedLineReader(
            new java.io.ByteArrayInputStream(file), 2048, 1 << 20)) {
      RawLine l;
      while ((l = r.next()) != null) {
        out.add(v.validate("in", l, windowEnd));
      }
    }
    return out;
  }

  private static byte[] latin1(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  @Test
  void validate_shouldQuarantineInvalidUtf8_insteadOfMergingIdsThatDifferInABadByte()
      throws Exception {
    // GIVEN artifactIds lat-\xE9 / lat-\xE8 and eventIds u-e\xFF / u-e\xFE (bytes, not UTF-8)
    String a = GOOD.replace("order-9F2K", "lat-\u00e9").replace("evt-000123", "e-1");
    String b = GOOD.replace("order-9F2K", "lat-\u00e8").replace("evt-000123", "e-2");
    String c = GOOD.replace("evt-000123", "u-e\u00ff");
    String d = GOOD.replace("evt-000123", "u-e\u00fe");
    byte[] file = latin1(a + "\n" + b + "\n" + c + "\n" + d + "\n");

    // WHEN read and validated
    java.util.List<LineVerdict> v = readAndValidate(validator, file, null);

    // THEN every line is quarantined as MALFORMED_UTF8, none becomes an id, the raw text shows the
    // byte
    assertThat(v)
        .hasSize(4)
        .allSatisfy(
            x -> {
              assertThat(x.accepted()).isFalse();
              assertThat(x.quarantine().reason().name()).isEqualTo("MALFORMED_UTF8");
              assertThat(x.quarantine().rawText()).doesNotContain("\uFFFD");
              assertThat(x.quarantine().detail()).contains("UTF-8");
            });
    assertThat(v.get(0).quarantine().rawText()).contains("lat-\\xE9");
    assertThat(v.get(3).quarantine().rawText()).contains("u-e\\xFE");
    // AND the same line in valid UTF-8 is accepted with exactly those characters
    LineVerdict ok =
        readAndValidate(
                validator, (a + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8), null)
            .get(0);
    assertThat(ok.event().artifactId()).isEqualTo("lat-\u00e9");
  }

  @Test
  void validate_shouldAcceptALineAfterAByteOrderMark() throws Exception {
    byte[] utf8 = (GOOD + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] file = new byte[utf8.length + 3];
    file[0] = (byte) 0xEF;
    file[1] = (byte) 0xBB;
    file[2] = (byte) 0xBF;
    System.arraycopy(utf8, 0, file, 3, utf8.length);
    assertThat(readAndValidate(validator, file, null))
        .singleElement()
        .satisfies(x -> assertThat(x.accepted()).isTrue());
  }

  @Test
  void validate_shouldQuarantineIdsWithUnicodeSpacesOrNotInNfc_inEitherIdField() {
    for (String field : new String[] {"eventId", "artifactId"}) {
      for (String id :
          new String[] {
            "\u00A0order-1", "order\u00A01", "order-1\u00A0", "order\u30001", "cafe\u0301"
          }) {
        LineVerdict v = validator.validate("in", 1, with(field, "\"" + id + "\""));
        assertThat(v.accepted()).as(field + " " + id).isFalse();
        assertThat(v.quarantine().reason()).isEqualTo(QuarantineReason.BAD_ID);
      }
    }
    assertThat(validator.validate("in", 1, with("artifactId", "\"caf\u00e9\"")).accepted())
        .isTrue();
    assertThat(validator.validate("in", 1, with("artifactId", "\"order 9F/2K\"")).accepted())
        .isTrue();
    // the JSON escape of an NBSP is the same NBSP
    assertThat(validator.validate("in", 1, with("artifactId", "\"order\\u00a01\"")).accepted())
        .isFalse();
  }

  @Test
  void validate_shouldQuarantineEventsTooFarAheadOfTheWindowEnd_asBadTimestamp() {
    Instant windowEnd = Instant.parse("2026-11-22T11:00:00Z");
    EventValidator v = new EventValidator(RulesConfig.DEFAULTS.withMaxLineBytes(2048));
    RawLine far = new RawLine(1, with("eventTime", "\"9999-12-31T23:00:00Z\""), 10, false);
    LineVerdict x = v.validate("in", far, windowEnd);
    assertThat(x.accepted()).isFalse();
    assertThat(x.quarantine().reason()).isEqualTo(QuarantineReason.BAD_TIMESTAMP);
    assertThat(x.quarantine().detail()).contains("2026-11-23T11:00:00Z").contains("PT24H");
    // the bound is inclusive: exactly window end + 24 h is accepted, a second later is not
    assertThat(
            v.validate(
                    "in",
                    new RawLine(2, with("eventTime", "\"2026-11-23T11:00:00Z\""), 10, false),
                    windowEnd)
                .accepted())
        .isTrue();
    assertThat(
            v.validate(
                    "in",
                    new RawLine(3, with("eventTime", "\"2026-11-23T12:00:01+01:00\""), 10, false),
                    windowEnd)
                .quarantine()
                .reason())
        .isEqualTo(QuarantineReason.BAD_TIMESTAMP);
    // a late event is fine; with no known window only the absolute range applies
    assertThat(
            v.validate(
                    "in",
                    new RawLine(4, with("eventTime", "\"2020-01-01T00:00:00Z\""), 10, false),
                    windowEnd)
                .accepted())
        .isTrue();
    assertThat(v.validate("in", far, null).accepted()).isTrue();
    // the skew is a setting
    EventValidator tight =
        new EventValidator(
            RulesConfig.DEFAULTS.withMaxEventTimeSkew(java.time.Duration.ofMinutes(5)));
    assertThat(
            tight
                .validate(
                    "in",
                    new RawLine(5, with("eventTime", "\"2026-11-22T11:06:00Z\""), 10, false),
                    windowEnd)
                .quarantine()
                .reason())
        .isEqualTo(QuarantineReason.BAD_TIMESTAMP);
  }
}
