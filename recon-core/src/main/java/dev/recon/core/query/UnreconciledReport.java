package dev.recon.core.query;

import dev.recon.core.config.RulesConfig;
import dev.recon.core.model.ArtifactStatus;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.rules.StatusRule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code recon report}: the artifacts that were not reconciled as of an instant, oldest first event
 * first (then by id).
 *
 * <p>Each artifact is taken as it stood at {@code at}: its current version when that is as of
 * {@code at} or earlier, else the newest earlier version that is ({@link ArtifactQuery#versionAt},
 * a walk of ranged GETs along {@code previous}); an artifact with no version that old did not exist
 * yet and is left out. Its status is then evaluated at {@code at} with the same rule as the
 * batches, so an artifact nothing has touched since may have aged.
 */
public final class UnreconciledReport {
  /** One listed artifact: the version current at the report's instant, and its status then. */
  public record Row(ReconciliationArtifact artifact, ArtifactStatus status) {}

  private UnreconciledReport() {}

  public static List<Row> at(
      Iterable<ReconciliationArtifact> current,
      Instant at,
      RulesConfig rules,
      ArtifactQuery query) {
    List<Row> open = new ArrayList<>();
    for (ReconciliationArtifact a : current) {
      Optional<ReconciliationArtifact> then = query.versionAt(a, at);
      if (then.isEmpty()) {
        continue;
      }
      ReconciliationArtifact v = then.get();
      ArtifactStatus s =
          StatusRule.evaluate(v.balances(), v.settlement(), v.firstEventTime(), at, rules);
      if (s != ArtifactStatus.RECONCILED) {
        open.add(new Row(v, s));
      }
    }
    open.sort(
        Comparator.comparing((Row r) -> r.artifact().firstEventTime())
            .thenComparing(r -> r.artifact().artifactId()));
    return open;
  }
}
