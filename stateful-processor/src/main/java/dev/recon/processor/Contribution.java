package dev.recon.processor;

import java.io.Serializable;

/**
 * One input row of the merge for one key: a prior copy of the artifact (prefetched or in-flight) or
 * one stateless artifact line of batch N.
 *
 * <p>A plain mutable class on purpose: it crosses the shuffle, and Kryo (recon's Spark serializer)
 * handles no-arg classes with plain fields efficiently, which records are not.
 */
public final class Contribution implements Serializable {
  private static final long serialVersionUID = 1L;

  /** A prior artifact copy. Sorted before stateless lines within a key. */
  public static final int PRIOR = 0;

  /** A stateless artifact line of one of the batch's stateless batches. */
  public static final int STATELESS = 1;

  /** Where a PRIOR copy was read. */
  public static final int ORIGIN_PREFETCH = 0;

  public static final int ORIGIN_IN_FLIGHT = 1;

  public String artifactId;
  public int kind;

  /** PRIOR: the artifact's version. STATELESS: the stateless batch. */
  public long sequence;

  /** PRIOR: the state part-file holding it. STATELESS: the stateless part-file. */
  public String source;

  /** Byte offset of the line in {@link #source}. */
  public long offset;

  /** Byte length of the line (without newline). */
  public long length;

  /** STATELESS: 1-based line number in {@link #source} (for quarantine records). */
  public long line;

  public int origin;

  /** The encoded artifact (PRIOR) or stateless artifact (STATELESS). */
  public byte[] bytes;

  public Contribution() {}

  public static Contribution prior(
      String artifactId,
      long version,
      String partFile,
      long offset,
      long length,
      int origin,
      byte[] bytes) {
    Contribution c = new Contribution();
    c.artifactId = artifactId;
    c.kind = PRIOR;
    c.sequence = version;
    c.source = partFile;
    c.offset = offset;
    c.length = length;
    c.origin = origin;
    c.bytes = bytes;
    return c;
  }

  public static Contribution stateless(
      String artifactId,
      long statelessBatch,
      String partFile,
      long line,
      long offset,
      byte[] bytes) {
    Contribution c = new Contribution();
    c.artifactId = artifactId;
    c.kind = STATELESS;
    c.sequence = statelessBatch;
    c.source = partFile;
    c.offset = offset;
    c.length = bytes.length;
    c.line = line;
    c.bytes = bytes;
    return c;
  }

  /** What this row weighs in the skew decision: its bytes. */
  public long weight() {
    return length;
  }
}
