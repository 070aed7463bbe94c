package dev.recon.core.rules;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Parses event times exactly as {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} does, with a fast
 * path for the one shape producers send: {@code yyyy-MM-ddTHH:mm:ss}, an optional fraction of one
 * to nine digits, and {@code Z} or {@code ±HH:MM}. The fast path decides only text it is sure the
 * formatter accepts with the same value (every field in range, the day within its month); anything
 * else — lower case {@code t}/{@code z}, no seconds, an offset of other shape or beyond ±17:59, a
 * year of five digits, any invalid field — goes to the formatter, which decides it and words the
 * error. The formatter's {@code DateTimeParseException} is the only exception either path throws.
 *
 * <p>Why: the formatter's parse was a quarter of the reducer's time (issue 14's profile).
 */
public final class Timestamps {
  private Timestamps() {}

  /**
   * The instant {@code text} denotes, as {@link Instant#parse} reads it, by the same fast path: for
   * the times recon itself wrote ({@code Instant.toString}, always {@code Z}) when it reads its own
   * records back. Decoding events from the reducer's rows spent half its time in {@code
   * Instant.parse} (issue 14's profile).
   */
  public static Instant instant(String text) {
    Instant fast = fast(text);
    return fast != null ? fast : Instant.parse(text);
  }

  /**
   * The instant {@code text} denotes, as {@code OffsetDateTime.parse(text, ISO_OFFSET_DATE_TIME)}.
   */
  static Instant parse(String text) {
    Instant fast = fast(text);
    return fast != null
        ? fast
        : OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
  }

  /** The fast path's value, or null when the text is not of its one shape or not surely valid. */
  static Instant fast(String s) {
    int n = s.length();
    if (n < 20
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || s.charAt(10) != 'T'
        || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || day > 31
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59) {
      return null;
    }
    int i = 19;
    int nanos = 0;
    if (s.charAt(i) == '.') {
      int start = ++i;
      while (i < n && i - start < 10 && isDigit(s.charAt(i))) {
        nanos = nanos * 10 + (s.charAt(i) - '0');
        i++;
      }
      int count = i - start;
      if (count < 1 || count > 9) {
        return null;
      }
      for (int k = count; k < 9; k++) {
        nanos *= 10;
      }
    }
    int offsetSeconds;
    if (i == n - 1 && s.charAt(i) == 'Z') {
      offsetSeconds = 0;
    } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
      int oh = digits(s, i + 1, 2);
      int om = digits(s, i + 4, 2);
      if (oh < 0 || oh > 17 || om < 0 || om > 59) {
        return null;
      }
      offsetSeconds = (oh * 3600 + om * 60) * (s.charAt(i) == '-' ? -1 : 1);
    } else {
      return null;
    }
    long epochDay;
    try {
      epochDay = LocalDate.of(year, month, day).toEpochDay();
    } catch (DateTimeException e) {
      return null; // a day beyond its month: the formatter words it
    }
    long seconds = epochDay * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
    return Instant.ofEpochSecond(seconds, nanos);
  }

  /** The value of {@code count} ASCII digits at {@code from}, or -1 if any is not one. */
  private static int digits(String s, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
