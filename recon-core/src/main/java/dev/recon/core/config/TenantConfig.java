package dev.recon.core.config;

import dev.recon.core.watermark.Watermarks;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A tenant's settings (DESIGN §10), each optional: an unset value is the deployment's ({@link
 * ReconSettings}, the plan-limit defaults of the backlog manager). Values are checked when made, so
 * a stored version is always usable.
 *
 * @param maxEvents most estimated events per stateless run (plan limit)
 * @param maxBytes most stored input bytes per stateless run (plan limit)
 * @param agingThreshold an OPEN artifact older than this at asOf is AGED
 * @param tolerance a balance whose absolute value is at most this is settled
 * @param allowedLateness how far behind its source's newest an event may arrive (watermarks)
 * @param rules the matching rule set: the key of a stored one ({@code RuleSets})
 */
public record TenantConfig(
    Long maxEvents,
    Long maxBytes,
    Duration agingThreshold,
    BigDecimal tolerance,
    Duration allowedLateness,
    String rules)
    implements java.io.Serializable {

  public static final String MAX_EVENTS = "maxEvents";
  public static final String MAX_BYTES = "maxBytes";
  public static final String AGING_THRESHOLD = "agingThreshold";
  public static final String TOLERANCE = "tolerance";
  public static final String ALLOWED_LATENESS = "allowedLateness";
  public static final String RULES = "rules";

  /** Nothing set: every value is the deployment's. */
  public static final TenantConfig NONE = new TenantConfig(null, null, null, null, null, null);

  /** Longest accepted rule set reference. */
  public static final int RULES_MAX_LENGTH = 200;

  public TenantConfig {
    if (maxEvents != null && maxEvents < 1) {
      throw new IllegalArgumentException("max events must be at least 1: " + maxEvents);
    }
    if (maxBytes != null && maxBytes < 1) {
      throw new IllegalArgumentException("max bytes must be at least 1: " + maxBytes);
    }
    if (agingThreshold != null && (agingThreshold.isNegative() || agingThreshold.isZero())) {
      throw new IllegalArgumentException("aging threshold must be positive: " + agingThreshold);
    }
    if (tolerance != null && tolerance.signum() < 0) {
      throw new IllegalArgumentException(
          "tolerance must be zero or positive: " + tolerance.toPlainString());
    }
    if (allowedLateness != null) {
      Watermarks.requireAllowedLateness(allowedLateness);
    }
    if (rules != null
        && (rules.isBlank()
            || rules.length() > RULES_MAX_LENGTH
            || !rules.chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
      throw new IllegalArgumentException(
          "a rule set reference is 1 to "
              + RULES_MAX_LENGTH
              + " printable ASCII characters without spaces");
    }
  }

  /** This configuration with every value {@code changes} sets replacing this one's. */
  public TenantConfig with(TenantConfig changes) {
    return new TenantConfig(
        or(changes.maxEvents, maxEvents),
        or(changes.maxBytes, maxBytes),
        or(changes.agingThreshold, agingThreshold),
        or(changes.tolerance, tolerance),
        or(changes.allowedLateness, allowedLateness),
        or(changes.rules, rules));
  }

  private static <T> T or(T a, T b) {
    return a != null ? a : b;
  }

  /** The business rules of the deployment with this tenant's tolerance and aging threshold. */
  public RulesConfig applyTo(RulesConfig deployment) {
    RulesConfig r = deployment;
    if (tolerance != null) {
      r = r.withTolerance(tolerance);
    }
    if (agingThreshold != null) {
      r = r.withAgingThreshold(agingThreshold);
    }
    return r;
  }

  /** The deployment's settings with this tenant's rules and allowed lateness. */
  public ReconSettings applyTo(ReconSettings deployment) {
    ReconSettings.Builder b = deployment.toBuilder().rules(applyTo(deployment.rules()));
    if (allowedLateness != null) {
      b.allowedLateness(allowedLateness);
    }
    return b.build();
  }

  /** The values set, by name, as stored on a ledger record (a set value is never empty). */
  public SortedMap<String, String> toAttributes() {
    SortedMap<String, String> out = new TreeMap<>();
    for (Map.Entry<String, String> e : display().entrySet()) {
      if (e.getValue() != null) {
        out.put(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  /** Every value by name in a fixed order, null when unset. */
  public Map<String, String> display() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put(MAX_EVENTS, maxEvents == null ? null : maxEvents.toString());
    out.put(MAX_BYTES, maxBytes == null ? null : maxBytes.toString());
    out.put(AGING_THRESHOLD, agingThreshold == null ? null : agingThreshold.toString());
    out.put(TOLERANCE, tolerance == null ? null : tolerance.toPlainString());
    out.put(ALLOWED_LATENESS, allowedLateness == null ? null : allowedLateness.toString());
    out.put(RULES, rules);
    return out;
  }

  /** The configuration stored in {@code attributes} (other attributes are ignored). */
  public static TenantConfig fromAttributes(Map<String, String> attributes) {
    try {
      return new TenantConfig(
          longOrNull(attributes.get(MAX_EVENTS)),
          longOrNull(attributes.get(MAX_BYTES)),
          durationOrNull(attributes.get(AGING_THRESHOLD)),
          attributes.get(TOLERANCE) == null ? null : new BigDecimal(attributes.get(TOLERANCE)),
          durationOrNull(attributes.get(ALLOWED_LATENESS)),
          attributes.get(RULES));
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException("unreadable tenant configuration " + attributes, e);
    }
  }

  /**
   * What changes from this configuration to {@code next}: for each value that differs, {@code old →
   * new} ({@code unset} for a value not set).
   */
  public SortedMap<String, String> changesTo(TenantConfig next) {
    SortedMap<String, String> out = new TreeMap<>();
    Map<String, String> before = display();
    Map<String, String> after = next.display();
    for (String name : before.keySet()) {
      String a = before.get(name);
      String b = after.get(name);
      if (!Objects.equals(a, b) && !(name.equals(TOLERANCE) && sameAmount(a, b))) {
        out.put(name, (a == null ? "unset" : a) + " → " + (b == null ? "unset" : b));
      }
    }
    return out;
  }

  private static boolean sameAmount(String a, String b) {
    return a != null && b != null && new BigDecimal(a).compareTo(new BigDecimal(b)) == 0;
  }

  private static Long longOrNull(String v) {
    return v == null ? null : Long.parseLong(v);
  }

  private static Duration durationOrNull(String v) {
    return v == null ? null : Duration.parse(v);
  }
}
