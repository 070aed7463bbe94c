package dev.recon.core.codec;

import dev.recon.core.model.ArtifactStatus;
import dev.recon.core.model.Line;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;

/**
 * An artifact's header fields and one page of its lines (DESIGN §4), as {@link
 * CanonicalJson#readPage} reads them without decoding the rest.
 *
 * @param lineCount the artifact's lines in all
 * @param skipped lines before the page
 * @param lines the page: at most the lines asked for, fewer at the end
 */
public record ArtifactSlice(
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
    long skipped,
    List<Line> lines) {
  public ArtifactSlice {
    Objects.requireNonNull(artifactId, "artifactId");
    Objects.requireNonNull(asOf, "asOf");
    Objects.requireNonNull(status, "status");
    lines = List.copyOf(lines);
  }
}
