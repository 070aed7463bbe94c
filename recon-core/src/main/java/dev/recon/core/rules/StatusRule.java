package dev.recon.core.rules;

import dev.recon.core.config.RulesConfig;
import dev.recon.core.model.ArtifactStatus;
import dev.recon.core.model.Settlement;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * DESIGN §4 status, with §9's settlement condition: evaluated at the batch's asOf, never at the
 * wall clock, so reruns agree.
 *
 * <p>RECONCILED when every balance is within the tolerance and, when the artifact has a settlement
 * section (its batch matched with a rule set and it has a settling or settlement line), every
 * currency's difference (expected − settled) is within the same tolerance too: a payment the bank
 * has not yet shown keeps its order OPEN (then AGED) even when the internal side balances.
 */
public final class StatusRule {
  private StatusRule() {}

  public static ArtifactStatus evaluate(
      Map<String, BigDecimal> balances, Instant firstEventTime, Instant asOf, RulesConfig rules) {
    return evaluate(balances, Map.of(), firstEventTime, asOf, rules);
  }

  public static ArtifactStatus evaluate(
      Map<String, BigDecimal> balances,
      Map<String, Settlement> settlement,
      Instant firstEventTime,
      Instant asOf,
      RulesConfig rules) {
    boolean settled =
        balances.values().stream().allMatch(b -> b.abs().compareTo(rules.tolerance()) <= 0)
            && settlement.values().stream()
                .allMatch(s -> s.difference().abs().compareTo(rules.tolerance()) <= 0);
    if (settled) {
      return ArtifactStatus.RECONCILED;
    }
    if (firstEventTime != null && firstEventTime.isBefore(asOf.minus(rules.agingThreshold()))) {
      return ArtifactStatus.AGED;
    }
    return ArtifactStatus.OPEN;
  }
}
