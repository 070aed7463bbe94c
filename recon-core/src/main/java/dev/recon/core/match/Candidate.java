package dev.recon.core.match;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;

/**
 * One way to settle: external line(s) ↔ settling line(s). 1:1 and 1:N have one external line, N:1
 * (a split) several; ids are sorted.
 *
 * @param externalAmount the external line's amount, or the sum over a split
 * @param settledAmount the settling line's amount, or the sum over a group
 */
public record Candidate(
    List<String> externalEventIds,
    List<String> settledEventIds,
    List<String> artifactIds,
    BigDecimal externalAmount,
    BigDecimal settledAmount) {

  /** By settled eventIds, then external eventIds (element by element, then by length). */
  public static final Comparator<Candidate> ORDER =
      Comparator.<Candidate, List<String>>comparing(Candidate::settledEventIds, Candidate::compare)
          .thenComparing(Candidate::externalEventIds, Candidate::compare);

  public Candidate {
    externalEventIds = sortedCopy(externalEventIds);
    settledEventIds = sortedCopy(settledEventIds);
    artifactIds = sortedCopy(artifactIds.stream().distinct().toList());
  }

  private static List<String> sortedCopy(List<String> l) {
    return l.stream().sorted().toList();
  }

  private static int compare(List<String> a, List<String> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = a.get(i).compareTo(b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }
}
