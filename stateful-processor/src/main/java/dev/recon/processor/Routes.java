package dev.recon.processor;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.Partitioner;

/**
 * Which output part-file (and reduce task) each key goes to.
 *
 * <p>Light keys spread over {@code parts} routes by a fixed hash of their id (FNV-1a over UTF-8:
 * fixed forever, independent of JVM and Spark internals). Each heavy key — one whose inputs weigh
 * more than the threshold — gets a route of its own, {@code parts + i} in id order, so it runs as
 * its own task in parallel with the rest instead of delaying a hash partition full of light keys,
 * and two heavy keys never queue behind each other. The assignment depends only on the inputs, so a
 * rerun writes the same part-files.
 */
public final class Routes implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int parts;
  private final List<String> heavyKeys;
  private final Map<String, Integer> heavyRoute;

  public Routes(int parts, List<String> heavyKeysSorted) {
    if (parts < 1) {
      throw new IllegalArgumentException("parts must be >= 1: " + parts);
    }
    this.parts = parts;
    this.heavyKeys = List.copyOf(heavyKeysSorted);
    this.heavyRoute = new HashMap<>();
    for (int i = 0; i < heavyKeys.size(); i++) {
      heavyRoute.put(heavyKeys.get(i), parts + i);
    }
  }

  public int route(String artifactId) {
    Integer heavy = heavyRoute.get(artifactId);
    return heavy != null ? heavy : lightRoute(artifactId, parts);
  }

  public static int lightRoute(String artifactId, int parts) {
    return (int) Long.remainderUnsigned(fnv1a64(artifactId), parts);
  }

  /** Routes in total: reduce partitions and the highest possible part-file number + 1. */
  public int count() {
    return parts + heavyKeys.size();
  }

  public int parts() {
    return parts;
  }

  public List<String> heavyKeys() {
    return heavyKeys;
  }

  static long fnv1a64(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= (b & 0xff);
      h *= 0x100000001b3L;
    }
    return h;
  }

  /**
   * Reduce partition = route, exactly (Spark's hash partitioning could put two routes in one task).
   */
  public static final class RoutePartitioner extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int partitions;

    public RoutePartitioner(int partitions) {
      this.partitions = partitions;
    }

    @Override
    public int numPartitions() {
      return partitions;
    }

    @Override
    public int getPartition(Object key) {
      return ((ContributionKey) key).route;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof RoutePartitioner r && r.partitions == partitions;
    }

    @Override
    public int hashCode() {
      return partitions;
    }
  }
}
