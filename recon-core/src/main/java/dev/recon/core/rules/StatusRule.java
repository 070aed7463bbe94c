package dev.recon.core.rules;

import dev.recon.core.config.RulesConfig;
import dev.recon.core.model.ArtifactStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/** DESIGN §4 status: evaluated at the batch's asOf, never at the wall clock, so reruns agree. */
public final class StatusRule {
  private StatusRule() {}

  public static ArtifactStatus evaluate(
      Map<String, BigDecimal> balances, Instant firstEventTime, Instant asOf, RulesConfig rules) {
    boolean settled =
        balances.values().stream().allMatch(b -> b.abs().compareTo(rules.tolerance()) <= 0);
    if (settled) {
      return ArtifactStatus.RECONCILED;
    }
    if (firstEventTime != null && firstEventTime.isBefore(asOf.minus(rules.agingThreshold()))) {
      return ArtifactStatus.AGED;
    }
    return ArtifactStatus.OPEN;
  }
}
