package dev.recon.processor;

import java.io.Serializable;
import java.util.Comparator;

/**
 * The shuffle key of a {@link Contribution}: the route (= output part-file = reduce partition) and
 * the sort order inside it — by artifactId, priors before stateless lines, stateless lines in
 * (stateless batch, part-file, line) order. That order is what makes the output byte-identical
 * across reruns and what the merge needs (stateless batches applied in sequence).
 */
public final class ContributionKey implements Serializable {
  private static final long serialVersionUID = 1L;

  public int route;
  public String artifactId;
  public int kind;
  public long sequence;
  public String source;
  public long line;
  public long offset;

  public ContributionKey() {}

  public static ContributionKey of(int route, Contribution c) {
    ContributionKey k = new ContributionKey();
    k.route = route;
    k.artifactId = c.artifactId;
    k.kind = c.kind;
    k.sequence = c.sequence;
    k.source = c.source;
    k.line = c.line;
    k.offset = c.offset;
    return k;
  }

  /** Total order of keys within (and across) routes. */
  public static final class Order implements Comparator<ContributionKey>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public int compare(ContributionKey a, ContributionKey b) {
      int c = Integer.compare(a.route, b.route);
      if (c == 0) {
        c = a.artifactId.compareTo(b.artifactId);
      }
      if (c == 0) {
        c = Integer.compare(a.kind, b.kind);
      }
      if (c == 0) {
        c = Long.compare(a.sequence, b.sequence);
      }
      if (c == 0) {
        c = a.source.compareTo(b.source);
      }
      if (c == 0) {
        c = Long.compare(a.line, b.line);
      }
      if (c == 0) {
        c = Long.compare(a.offset, b.offset);
      }
      return c;
    }
  }
}
