package dev.recon.cli;

import dev.recon.core.model.ReconciliationArtifact;
import java.math.BigDecimal;
import java.util.Map;
import java.util.StringJoiner;

/** Human-readable renderings of artifacts for the terminal. */
final class Render {
  private Render() {}

  static String summary(ReconciliationArtifact a) {
    StringJoiner balances = new StringJoiner(", ");
    for (Map.Entry<String, BigDecimal> e : a.balances().entrySet()) {
      String c = e.getKey();
      balances.add(
          c
              + " "
              + e.getValue().toPlainString()
              + " (debits "
              + a.debits().getOrDefault(c, BigDecimal.ZERO).toPlainString()
              + ", credits "
              + a.credits().getOrDefault(c, BigDecimal.ZERO).toPlainString()
              + ")");
    }
    return String.format(
        "%s  v%d  %-10s  balance %s  lines %d  first %s  asOf %s",
        a.artifactId(),
        a.version(),
        a.status(),
        balances,
        a.lineCount(),
        a.firstEventTime(),
        a.asOf());
  }
}
