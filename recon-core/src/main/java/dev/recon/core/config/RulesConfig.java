package dev.recon.core.config;

import dev.recon.core.match.SettlingType;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Business-rule and validation settings, with documented defaults.
 *
 * @param tolerance a balance whose absolute value is at most this is settled (default exactly 0)
 * @param agingThreshold an OPEN artifact whose first event is older than this at asOf is AGED
 * @param maxLineBytes longer input lines are quarantined as LINE_TOO_LONG without being parsed
 * @param maxIdLength longest eventId / artifactId accepted
 * @param maxAmountDigits most significant digits an amount may have
 * @param maxAmountScale most decimal places an amount may have
 * @param maxEventTimeSkew how far after its input batch's window end an event time may be; a later
 *     one is quarantined as BAD_TIMESTAMP (default {@code PT24H}, setting {@code
 *     RECON_MAX_EVENT_TIME_SKEW}), so one far-future event cannot move a source's watermark
 * @param settling the settling types of the batch's matching rule set (DESIGN §9); empty without
 *     one
 */
public record RulesConfig(
    BigDecimal tolerance,
    Duration agingThreshold,
    int maxLineBytes,
    int maxIdLength,
    int maxAmountDigits,
    int maxAmountScale,
    Duration maxEventTimeSkew,
    List<SettlingType> settling)
    implements java.io.Serializable {

  /** Rules without matching: no settling types (DESIGN §9). */
  public RulesConfig(
      BigDecimal tolerance,
      Duration agingThreshold,
      int maxLineBytes,
      int maxIdLength,
      int maxAmountDigits,
      int maxAmountScale,
      Duration maxEventTimeSkew) {
    this(
        tolerance,
        agingThreshold,
        maxLineBytes,
        maxIdLength,
        maxAmountDigits,
        maxAmountScale,
        maxEventTimeSkew,
        List.of());
  }

  public static final BigDecimal TOLERANCE_DEFAULT = BigDecimal.ZERO;
  public static final Duration AGING_THRESHOLD_DEFAULT = Duration.ofDays(30);
  public static final int MAX_LINE_BYTES_DEFAULT = 64 * 1024;
  public static final int MAX_ID_LENGTH_DEFAULT = 128;
  public static final int MAX_AMOUNT_DIGITS_DEFAULT = 24;
  public static final int MAX_AMOUNT_SCALE_DEFAULT = 8;
  public static final Duration MAX_EVENT_TIME_SKEW_DEFAULT = Duration.ofHours(24);

  public static final RulesConfig DEFAULTS =
      new RulesConfig(
          TOLERANCE_DEFAULT,
          AGING_THRESHOLD_DEFAULT,
          MAX_LINE_BYTES_DEFAULT,
          MAX_ID_LENGTH_DEFAULT,
          MAX_AMOUNT_DIGITS_DEFAULT,
          MAX_AMOUNT_SCALE_DEFAULT,
          MAX_EVENT_TIME_SKEW_DEFAULT);

  public RulesConfig {
    Objects.requireNonNull(tolerance, "tolerance");
    Objects.requireNonNull(agingThreshold, "agingThreshold");
    Objects.requireNonNull(maxEventTimeSkew, "maxEventTimeSkew");
    settling = settling == null ? List.of() : List.copyOf(settling);
    if (maxEventTimeSkew.isNegative()) {
      throw new IllegalArgumentException("maxEventTimeSkew must be >= 0: " + maxEventTimeSkew);
    }
    if (tolerance.signum() < 0) {
      throw new IllegalArgumentException("tolerance must be >= 0: " + tolerance);
    }
    if (maxLineBytes < 256 || maxIdLength < 1 || maxAmountDigits < 1 || maxAmountScale < 0) {
      throw new IllegalArgumentException("bad rules config");
    }
  }

  public RulesConfig withTolerance(BigDecimal t) {
    return new RulesConfig(
        t,
        agingThreshold,
        maxLineBytes,
        maxIdLength,
        maxAmountDigits,
        maxAmountScale,
        maxEventTimeSkew,
        settling);
  }

  public RulesConfig withAgingThreshold(Duration d) {
    return new RulesConfig(
        tolerance,
        d,
        maxLineBytes,
        maxIdLength,
        maxAmountDigits,
        maxAmountScale,
        maxEventTimeSkew,
        settling);
  }

  public RulesConfig withMaxLineBytes(int n) {
    return new RulesConfig(
        tolerance,
        agingThreshold,
        n,
        maxIdLength,
        maxAmountDigits,
        maxAmountScale,
        maxEventTimeSkew,
        settling);
  }

  public RulesConfig withMaxEventTimeSkew(Duration d) {
    return new RulesConfig(
        tolerance,
        agingThreshold,
        maxLineBytes,
        maxIdLength,
        maxAmountDigits,
        maxAmountScale,
        d,
        settling);
  }

  /**
   * The rules with the settling types of the batch's matching rule set: an artifact's settlement
   * section and its RECONCILED status then count them (DESIGN §9).
   */
  public RulesConfig withSettling(List<SettlingType> types) {
    return new RulesConfig(
        tolerance,
        agingThreshold,
        maxLineBytes,
        maxIdLength,
        maxAmountDigits,
        maxAmountScale,
        maxEventTimeSkew,
        types);
  }
}
