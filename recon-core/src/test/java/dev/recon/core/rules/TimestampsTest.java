package dev.recon.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The fast path of {@link Timestamps} against its oracle, {@code OffsetDateTime.parse(text,
 * ISO_OFFSET_DATE_TIME)}: on text near the producers' shape (every field at and beyond its bounds,
 * other offset shapes, lower case, fractions of 0 to 10 digits, one character changed) both give
 * the same instant or both refuse; and the fast path really decides the common shape.
 */
class TimestampsTest {

  @Property(tries = 3000)
  void parse_shouldAgreeWithTheFormatter_onTextNearTheShape(@ForAll("nearShape") String text) {
    // GIVEN text of (nearly) the producers' shape
    // WHEN both parse it THEN both give the same instant, or both refuse
    Instant expected = oracle(text);
    if (expected == null) {
      assertThatThrownBy(() -> Timestamps.parse(text)).isInstanceOf(DateTimeParseException.class);
      assertThat(Timestamps.fast(text)).isNull();
    } else {
      assertThat(Timestamps.parse(text)).isEqualTo(expected);
      Instant fast = Timestamps.fast(text);
      if (fast != null) {
        assertThat(fast).isEqualTo(expected);
      }
    }
  }

  @Property(tries = 2000)
  void instant_shouldReadBackWhatInstantToStringWrote_asInstantParseDoes(
      @ForAll @LongRange(min = -400_000_000_000L, max = 400_000_000_000L) long epochSecond,
      @ForAll @IntRange(min = 0, max = 999_999_999) int nanos,
      @ForAll @IntRange(min = 0, max = 9) int fractionDigits) {
    // GIVEN an instant as recon writes it in its own records (Instant.toString), any year
    Instant written = Instant.ofEpochSecond(epochSecond, truncate(nanos, fractionDigits));
    String text = written.toString();
    // WHEN read back THEN the same instant Instant.parse gives, for 4-digit years by the fast path
    assertThat(Timestamps.instant(text)).as(text).isEqualTo(Instant.parse(text)).isEqualTo(written);
    int year = written.atOffset(ZoneOffset.UTC).getYear();
    if (year >= 0 && year <= 9999) {
      assertThat(Timestamps.fast(text)).as(text).isEqualTo(written);
    }
  }

  @Property(tries = 1000)
  void instant_shouldRefuseAsInstantParseDoes(@ForAll("nearShape") String text) {
    // GIVEN text of (nearly) the shape WHEN both read it THEN the same instant, or both refuse
    Instant expected;
    try {
      expected = Instant.parse(text);
    } catch (DateTimeParseException e) {
      expected = null;
    }
    if (expected == null) {
      assertThatThrownBy(() -> Timestamps.instant(text)).isInstanceOf(DateTimeParseException.class);
    } else {
      assertThat(Timestamps.instant(text)).as(text).isEqualTo(expected);
    }
  }

  @Property(tries = 1000)
  void fast_shouldDecideEveryInstantInTheShape(
      @ForAll @LongRange(min = -62_135_596_800L, max = 253_402_300_799L) long epochSecond,
      @ForAll @IntRange(min = 0, max = 999_999_999) int nanos,
      @ForAll @IntRange(min = -17 * 60 - 59, max = 17 * 60 + 59) int offsetMinutes,
      @ForAll @IntRange(min = 0, max = 9) int fractionDigits) {
    // GIVEN an instant from year 1 to 9999, written with an offset and a fraction of 0–9 digits
    Instant instant =
        Instant.ofEpochSecond(epochSecond, 0).plusNanos(truncate(nanos, fractionDigits));
    ZoneOffset offset = ZoneOffset.ofTotalSeconds(offsetMinutes * 60);
    OffsetDateTime local = instant.atOffset(offset);
    if (local.getYear() < 1 || local.getYear() > 9999) {
      return; // the offset moved it out of four-digit years
    }
    String text = write(local, fractionDigits);
    // WHEN the fast path reads it THEN it decides it, with the instant written
    assertThat(Timestamps.fast(text)).as(text).isEqualTo(instant);
    assertThat(oracle(text)).as(text).isEqualTo(instant);
  }

  @Example
  void fast_shouldLeaveOtherShapesToTheFormatter() {
    // lower case, no seconds, an empty fraction, short or long offsets and ±18:00 are the
    // formatter's (which accepts them all)
    for (String text :
        List.of(
            "2026-11-01t10:00:00Z",
            "2026-11-01T10:00:00z",
            "2026-11-01T10:00Z",
            "2026-11-01T10:00:00+01",
            "2026-11-01T10:00:00.Z",
            "2026-11-01T10:00:00+01:00:30",
            "2026-11-01T10:00:00+18:00",
            "2026-11-01T10:00:00-18:00")) {
      assertThat(Timestamps.fast(text)).as(text).isNull();
      assertThat(Timestamps.parse(text)).as(text).isEqualTo(oracle(text));
    }
    assertThat(Timestamps.parse("2026-11-01T10:00:00+18:00"))
        .isEqualTo(Instant.parse("2026-10-31T16:00:00Z"));
  }

  @Example
  void parse_shouldRefuseInvalidFields_evenInTheShape() {
    for (String text :
        List.of(
            "2026-02-29T00:00:00Z",
            "2026-04-31T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-00-01T00:00:00Z",
            "2026-01-00T00:00:00Z",
            "2026-01-01T24:00:00Z",
            "2026-01-01T23:60:00Z",
            "2026-01-01T23:59:60Z",
            "2026-01-01T10:00:00+0100",
            "2026-01-01T00:00:00.0123456789Z",
            "2026-01-01T00:00:00+18:01",
            "2026-01-01T00:00:00+01:60",
            "2026-01-01T00:00:00",
            "2026-01-01T00:00:00ZZ",
            "2026-01-01T00:00:00 Z")) {
      assertThatThrownBy(() -> Timestamps.parse(text))
          .as(text)
          .isInstanceOf(DateTimeParseException.class);
    }
    assertThat(Timestamps.fast("2024-02-29T00:00:00Z"))
        .isEqualTo(Instant.parse("2024-02-29T00:00:00Z"));
    assertThat(Timestamps.fast("2000-02-29T23:59:59.5-05:30"))
        .isEqualTo(Instant.parse("2000-03-01T05:29:59.5Z"));
  }

  private static Instant oracle(String text) {
    try {
      return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static int truncate(int nanos, int digits) {
    int unit = (int) Math.pow(10, 9 - digits);
    return nanos / unit * unit;
  }

  private static String write(OffsetDateTime t, int fractionDigits) {
    StringBuilder b =
        new StringBuilder(
            String.format(
                "%04d-%02d-%02dT%02d:%02d:%02d",
                t.getYear(),
                t.getMonthValue(),
                t.getDayOfMonth(),
                t.getHour(),
                t.getMinute(),
                t.getSecond()));
    if (fractionDigits > 0) {
      b.append('.').append(String.format("%09d", t.getNano()), 0, fractionDigits);
    }
    int total = t.getOffset().getTotalSeconds();
    if (total == 0 && fractionDigits % 2 == 0) {
      b.append('Z');
    } else {
      int abs = Math.abs(total) / 60;
      b.append(total < 0 ? '-' : '+').append(String.format("%02d:%02d", abs / 60, abs % 60));
    }
    return b.toString();
  }

  @Provide
  Arbitrary<String> nearShape() {
    Arbitrary<String> year =
        Arbitraries.oneOf(
            Arbitraries.integers().between(0, 9999).map(y -> String.format("%04d", y)),
            Arbitraries.of("1600", "1700", "1900", "2000", "2024", "2100", "0000", "9999"),
            Arbitraries.of("+10000", "-0001", "999", "12345", "2a26"));
    Arbitrary<String> two =
        Arbitraries.integers().between(0, 99).map(v -> String.format("%02d", v));
    Arbitrary<String> month =
        Arbitraries.oneOf(
            Arbitraries.integers().between(0, 13).map(v -> String.format("%02d", v)), two);
    Arbitrary<String> day =
        Arbitraries.oneOf(
            Arbitraries.integers().between(0, 32).map(v -> String.format("%02d", v)),
            Arbitraries.of("28", "29", "30", "31"));
    Arbitrary<String> hour =
        Arbitraries.integers().between(0, 25).map(v -> String.format("%02d", v));
    Arbitrary<String> sixty =
        Arbitraries.integers().between(0, 61).map(v -> String.format("%02d", v));
    Arbitrary<String> seconds = Arbitraries.oneOf(sixty.map(v -> ":" + v), Arbitraries.just(""));
    Arbitrary<String> fraction =
        Arbitraries.oneOf(
            Arbitraries.just(""),
            Arbitraries.strings()
                .withCharRange('0', '9')
                .ofMinLength(0)
                .ofMaxLength(10)
                .map(d -> "." + d));
    Arbitrary<String> offset =
        Arbitraries.oneOf(
            Arbitraries.of("Z", "z", "", "+00:00", "-00:00", "+18:00", "-18:00", "+01", "+0130"),
            Combinators.combine(
                    Arbitraries.of("+", "-"), Arbitraries.integers().between(0, 19), sixty)
                .as((sign, h, m) -> sign + String.format("%02d", h) + ":" + m));
    Arbitrary<String> text =
        Combinators.combine(
                year, month, day, Arbitraries.of("T", "t", " "), hour, sixty, seconds, fraction)
            .as((y, mo, d, t, h, mi, s, f) -> y + "-" + mo + "-" + d + t + h + ":" + mi + s + f)
            .flatMap(prefix -> offset.map(o -> prefix + o));
    return Arbitraries.oneOf(
        text,
        Combinators.combine(
                text,
                Arbitraries.integers().between(0, 40),
                Arbitraries.of('0', '9', ':', '-', 'x'))
            .as(
                (t, at, c) ->
                    at < t.length() ? t.substring(0, at) + c + t.substring(at + 1) : t + c));
  }
}
