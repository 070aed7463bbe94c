package dev.recon.core.match;

/** The outcome of matching one external line (DESIGN §9). */
public enum MatchStatus {
  /** One unambiguous candidate with score >= autoConfirmScore: applied. */
  MATCHED,
  /** Candidates kept and shown, applied only when confirmed (one below the score, or several). */
  SUGGESTED,
  /** No rule had a candidate: a break, retried in later batches. */
  UNMATCHED,
  /**
   * Matched by an audited manual instruction ({@code recon match} or {@code recon confirm}):
   * applied like MATCHED, with the actor and reason on its settlement lines.
   */
  MANUAL;

  /** Whether the line is settled: its match was applied (MATCHED or MANUAL). */
  public boolean applied() {
    return this == MATCHED || this == MANUAL;
  }
}
