package dev.recon.reducer;

import org.apache.spark.Partitioner;

/**
 * Deterministic partitioning: a key's partition depends only on the key's characters and the number
 * of partitions, never on the JVM, the executor count or the order rows arrive in. That is what
 * lets a rerun write exactly the same part-files as an interrupted run.
 */
public final class Partitioning {
  private Partitioning() {}

  /**
   * {@code String.hashCode} is specified by the JLS (stable across JVMs); the murmur3 finalizer
   * spreads it so similar ids ("order-1", "order-2") do not cluster.
   */
  public static int partitionOf(String key, int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1: " + partitions);
    }
    int h = key == null ? 0 : key.hashCode();
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return Math.floorMod(h, partitions);
  }

  /** A Spark partitioner that trusts the partition already stored in the {@link SortKey}. */
  public static final class ByStoredPartition extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int partitions;

    public ByStoredPartition(int partitions) {
      if (partitions < 1) {
        throw new IllegalArgumentException("partitions must be >= 1: " + partitions);
      }
      this.partitions = partitions;
    }

    @Override
    public int numPartitions() {
      return partitions;
    }

    @Override
    public int getPartition(Object key) {
      int p = ((SortKey) key).partition();
      if (p >= partitions) {
        throw new IllegalArgumentException("key for partition " + p + " of " + partitions);
      }
      return p;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ByStoredPartition other && other.partitions == partitions;
    }

    @Override
    public int hashCode() {
      return partitions;
    }
  }
}
