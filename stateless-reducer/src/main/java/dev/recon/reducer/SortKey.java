package dev.recon.reducer;

import java.io.Serializable;
import java.util.Comparator;
import java.util.Objects;

/**
 * The key of a reducer shuffle: the target partition (computed up front by {@link Partitioning}, so
 * partitioning never depends on a JVM's hash seed) and a total order inside the partition. Rows
 * sort by group, then {@code a}, {@code seconds}, {@code nanos}, {@code b}, {@code n}; every field
 * is part of the order so the order of a partition is fully determined by its content.
 */
public final class SortKey implements Serializable, Comparable<SortKey> {
  private static final long serialVersionUID = 1L;

  /** Orders keys; serializable because Spark ships it with the shuffle. */
  public static final Comparator<SortKey> ORDER = new Order();

  private int partition;
  private int group;
  private String a;
  private long seconds;
  private int nanos;
  private String b;
  private long n;

  /** For Kryo. */
  public SortKey() {}

  public SortKey(int partition, int group, String a, long seconds, int nanos, String b, long n) {
    if (partition < 0) {
      throw new IllegalArgumentException("negative partition " + partition);
    }
    this.partition = partition;
    this.group = group;
    this.a = a;
    this.seconds = seconds;
    this.nanos = nanos;
    this.b = b;
    this.n = n;
  }

  public int partition() {
    return partition;
  }

  public int group() {
    return group;
  }

  public String a() {
    return a;
  }

  @Override
  public int compareTo(SortKey o) {
    int c = Integer.compare(group, o.group);
    if (c != 0) return c;
    c = compareNullable(a, o.a);
    if (c != 0) return c;
    c = Long.compare(seconds, o.seconds);
    if (c != 0) return c;
    c = Integer.compare(nanos, o.nanos);
    if (c != 0) return c;
    c = compareNullable(b, o.b);
    if (c != 0) return c;
    return Long.compare(n, o.n);
  }

  private static int compareNullable(String x, String y) {
    if (x == null) {
      return y == null ? 0 : -1;
    }
    return y == null ? 1 : x.compareTo(y);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SortKey k && partition == k.partition && compareTo(k) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(partition, group, a, seconds, nanos, b, n);
  }

  @Override
  public String toString() {
    return "SortKey{p"
        + partition
        + " g"
        + group
        + " "
        + a
        + " "
        + seconds
        + "."
        + nanos
        + " "
        + b
        + " "
        + n
        + "}";
  }

  private static final class Order implements Comparator<SortKey>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public int compare(SortKey x, SortKey y) {
      return x.compareTo(y);
    }
  }
}
