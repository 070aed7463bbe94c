package dev.recon.core.match;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * A validated matching rule set (DESIGN §9), as {@link RuleSetParser} reads it from YAML.
 * Immutable.
 *
 * @param version recorded in the ledger for every batch matched with it
 * @param externalSources sources whose events are external (statement) lines
 * @param settling internal line types and sides that are expected on a statement
 * @param autoConfirmScore a unique candidate of a rule with at least this score is MATCHED, else
 *     SUGGESTED
 * @param agingBuckets upper bounds of the aging buckets, strictly increasing
 * @param rules tried in this order; the first one with any candidate decides
 */
public record RuleSet(
    long version,
    List<String> externalSources,
    List<SettlingType> settling,
    BigDecimal autoConfirmScore,
    List<Duration> agingBuckets,
    List<MatchRule> rules) {

  /** DESIGN §9's buckets: 0–7, 8–30, 31–60, 61–90, >90 days. */
  public static final List<Duration> AGING_BUCKETS_DEFAULT =
      List.of(Duration.ofDays(7), Duration.ofDays(30), Duration.ofDays(60), Duration.ofDays(90));

  public RuleSet {
    externalSources = List.copyOf(externalSources);
    settling = List.copyOf(settling);
    agingBuckets = List.copyOf(agingBuckets);
    rules = List.copyOf(rules);
    Objects.requireNonNull(autoConfirmScore, "autoConfirmScore");
    if (rules.isEmpty()) {
      throw new IllegalArgumentException("a rule set needs at least one rule");
    }
    if (autoConfirmScore.signum() < 0 || autoConfirmScore.compareTo(BigDecimal.ONE) > 0) {
      throw new IllegalArgumentException("autoConfirmScore must be in [0, 1]");
    }
    HashSet<String> names = new HashSet<>();
    for (MatchRule r : rules) {
      if (!names.add(r.name())) {
        throw new IllegalArgumentException("duplicate rule name " + r.name());
      }
    }
  }

  public boolean isExternalSource(String source) {
    return externalSources.contains(source);
  }

  /** The rule set with only these rules (same everything else). */
  public RuleSet withRules(List<MatchRule> newRules) {
    return new RuleSet(
        version, externalSources, settling, autoConfirmScore, agingBuckets, newRules);
  }
}
