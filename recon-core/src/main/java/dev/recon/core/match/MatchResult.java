package dev.recon.core.match;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * What matching decided for one external line.
 *
 * @param eventId the external line
 * @param rule the deciding rule; null when UNMATCHED
 * @param score the deciding rule's score; null when UNMATCHED
 * @param match when MATCHED or MANUAL, what was applied (for a split it lists every external line
 *     of it); else null
 * @param candidates when SUGGESTED, the deciding rule's candidates in {@link Candidate#ORDER} (at
 *     most {@link Matcher#CANDIDATE_LIMIT}); else empty
 * @param candidatesTruncated when SUGGESTED, whether more candidates exist than are listed
 */
public record MatchResult(
    String eventId,
    MatchStatus status,
    String rule,
    BigDecimal score,
    Candidate match,
    List<Candidate> candidates,
    boolean candidatesTruncated) {

  public MatchResult {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(status, "status");
    candidates = List.copyOf(candidates);
    if (status.applied() != (match != null)) {
      throw new IllegalArgumentException("a match is given exactly when MATCHED or MANUAL");
    }
  }

  public static MatchResult unmatched(String eventId) {
    return new MatchResult(eventId, MatchStatus.UNMATCHED, null, null, null, List.of(), false);
  }

  /** Settled eventIds when MATCHED or MANUAL, else empty. */
  public List<String> settledEventIds() {
    return match == null ? List.of() : match.settledEventIds();
  }

  /** Artifact ids of the settled lines when MATCHED or MANUAL, else empty. */
  public List<String> artifactIds() {
    return match == null ? List.of() : match.artifactIds();
  }
}
