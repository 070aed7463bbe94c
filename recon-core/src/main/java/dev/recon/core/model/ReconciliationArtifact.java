package dev.recon.core.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;

/**
 * The reconciliation state of one key after stateful batch {@code version} (DESIGN §4). {@code
 * previous} optionally locates the version this one replaced, so history is a walk of ranged GETs.
 * {@code settlement} is the per-currency settlement section (DESIGN §9), empty (and absent from the
 * JSON) unless the batch matched with a rule set and the artifact has a settling or settlement
 * line.
 */
public record ReconciliationArtifact(
    String artifactId,
    long version,
    Instant asOf,
    ArtifactStatus status,
    SortedMap<String, BigDecimal> balances,
    SortedMap<String, BigDecimal> debits,
    SortedMap<String, BigDecimal> credits,
    long lineCount,
    Instant firstEventTime,
    Instant lastEventTime,
    List<Line> lines,
    ArtifactLocation previous,
    SortedMap<String, Settlement> settlement)
    implements java.io.Serializable {

  /** An artifact without a settlement section (its tenant's batch matched with no rule set). */
  public ReconciliationArtifact(
      String artifactId,
      long version,
      Instant asOf,
      ArtifactStatus status,
      SortedMap<String, BigDecimal> balances,
      SortedMap<String, BigDecimal> debits,
      SortedMap<String, BigDecimal> credits,
      long lineCount,
      Instant firstEventTime,
      Instant lastEventTime,
      List<Line> lines,
      ArtifactLocation previous) {
    this(
        artifactId,
        version,
        asOf,
        status,
        balances,
        debits,
        credits,
        lineCount,
        firstEventTime,
        lastEventTime,
        lines,
        previous,
        java.util.Collections.emptySortedMap());
  }

  public ReconciliationArtifact {
    Objects.requireNonNull(artifactId, "artifactId");
    Objects.requireNonNull(asOf, "asOf");
    Objects.requireNonNull(status, "status");
    balances = Money.normalize(balances);
    debits = Money.normalize(debits);
    credits = Money.normalize(credits);
    lines = Collections.unmodifiableList(lines);
    settlement =
        settlement == null
            ? Collections.emptySortedMap()
            : Collections.unmodifiableSortedMap(new java.util.TreeMap<>(settlement));
    if (lineCount != lines.size()) {
      throw new IllegalArgumentException(
          "lineCount " + lineCount + " != " + lines.size() + " lines for " + artifactId);
    }
  }

  /** A copy that remembers where the version it replaced is stored. */
  public ReconciliationArtifact withPrevious(ArtifactLocation location) {
    return new ReconciliationArtifact(
        artifactId,
        version,
        asOf,
        status,
        balances,
        debits,
        credits,
        lineCount,
        firstEventTime,
        lastEventTime,
        lines,
        location,
        settlement);
  }
}
