package dev.recon.reducer;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What one stateless reducer run does.
 *
 * @param statelessBatch S, the batch number (from the ledger)
 * @param inputs input object keys, relative to the environment prefix, in the total order of inputs
 *     (the order of the plan in the ledger): among copies of one event the one from the earliest
 *     input (then line) is accepted, so the order is kept as given
 * @param chunkEvents most events per stateless-artifact line ({@link #CHUNK_EVENTS_DEFAULT})
 * @param partitions number of part-files; 0 derives it from the inputs' sizes (deterministic)
 * @param targetPartBytes estimated input bytes per part-file when deriving ({@link
 *     #TARGET_PART_BYTES_DEFAULT})
 * @param maxPartitions upper bound when deriving ({@link #MAX_PARTITIONS_DEFAULT})
 * @param maxObjectBytes bound on one input object's (decompressed) size; larger objects are
 *     quarantined whole ({@link #MAX_OBJECT_BYTES_DEFAULT})
 * @param splitBytes a plain input object larger than this is read by several tasks, one per range
 *     of this many bytes, aligned to lines ({@link #SPLIT_BYTES_DEFAULT}; {@link InputSplit})
 * @param externalSources the sources the batch's matching rule set declares external (DESIGN §9),
 *     sorted: their events may omit artifactId and are written to {@code stateless/<S>/external/},
 *     never into artifacts; empty (no rule set) writes no such files
 */
public record ReducerConfig(
    long statelessBatch,
    List<String> inputs,
    int chunkEvents,
    int partitions,
    long targetPartBytes,
    int maxPartitions,
    long maxObjectBytes,
    long splitBytes,
    List<String> externalSources)
    implements java.io.Serializable {

  public static final int CHUNK_EVENTS_DEFAULT = ArtifactChunker.CHUNK_EVENTS_DEFAULT;
  public static final long TARGET_PART_BYTES_DEFAULT = 128L * 1024 * 1024;
  public static final int MAX_PARTITIONS_DEFAULT = 200;
  public static final long MAX_OBJECT_BYTES_DEFAULT = 16L * 1024 * 1024 * 1024;

  /**
   * 64 MiB: at the reducer's per-core rate (parse, validate, shuffle: ~10-20 MB/s) a task of a few
   * seconds, large enough that task overhead stays small, small enough that a 2M-event batch (~470
   * MB) keeps eight cores busy.
   */
  public static final long SPLIT_BYTES_DEFAULT = 64L * 1024 * 1024;

  /** How much a gzip input is assumed to expand when sizing partitions (typical for JSON Lines). */
  public static final int GZIP_EXPANSION_ESTIMATE = 8;

  public ReducerConfig {
    if (statelessBatch < 1) {
      throw new IllegalArgumentException("stateless batch must be >= 1: " + statelessBatch);
    }
    Objects.requireNonNull(inputs, "inputs");
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("no input objects");
    }
    Set<String> seen = new HashSet<>();
    for (String k : inputs) {
      if (k == null || k.isBlank() || k.startsWith("/") || !k.strip().equals(k)) {
        throw new IllegalArgumentException("bad input key: '" + k + "'");
      }
      if (!seen.add(k)) {
        throw new IllegalArgumentException("input listed twice: " + k);
      }
    }
    inputs = List.copyOf(inputs);
    externalSources = List.copyOf(new java.util.TreeSet<>(externalSources));
    if (chunkEvents < 1) {
      throw new IllegalArgumentException("chunkEvents must be >= 1: " + chunkEvents);
    }
    if (partitions < 0
        || maxPartitions < 1
        || targetPartBytes < 1
        || maxObjectBytes < 1
        || splitBytes < 1) {
      throw new IllegalArgumentException(
          "partitions, maxPartitions, targetPartBytes, maxObjectBytes and splitBytes must be"
              + " positive");
    }
  }

  /** A config without external sources (a batch with no matching rule set). */
  public ReducerConfig(
      long statelessBatch,
      List<String> inputs,
      int chunkEvents,
      int partitions,
      long targetPartBytes,
      int maxPartitions,
      long maxObjectBytes,
      long splitBytes) {
    this(
        statelessBatch,
        inputs,
        chunkEvents,
        partitions,
        targetPartBytes,
        maxPartitions,
        maxObjectBytes,
        splitBytes,
        List.of());
  }

  public ReducerConfig withExternalSources(java.util.Collection<String> sources) {
    return new ReducerConfig(
        statelessBatch,
        inputs,
        chunkEvents,
        partitions,
        targetPartBytes,
        maxPartitions,
        maxObjectBytes,
        splitBytes,
        List.copyOf(sources));
  }

  /** Whether the batch routes external lines (its rule set declares external sources). */
  public boolean matches() {
    return !externalSources.isEmpty();
  }

  public static ReducerConfig of(long statelessBatch, List<String> inputs) {
    return new ReducerConfig(
        statelessBatch,
        inputs,
        CHUNK_EVENTS_DEFAULT,
        0,
        TARGET_PART_BYTES_DEFAULT,
        MAX_PARTITIONS_DEFAULT,
        MAX_OBJECT_BYTES_DEFAULT,
        SPLIT_BYTES_DEFAULT);
  }

  public ReducerConfig withChunkEvents(int n) {
    return new ReducerConfig(
        statelessBatch,
        inputs,
        n,
        partitions,
        targetPartBytes,
        maxPartitions,
        maxObjectBytes,
        splitBytes,
        externalSources);
  }

  public ReducerConfig withPartitions(int n) {
    return new ReducerConfig(
        statelessBatch,
        inputs,
        chunkEvents,
        n,
        targetPartBytes,
        maxPartitions,
        maxObjectBytes,
        splitBytes,
        externalSources);
  }

  public ReducerConfig withMaxObjectBytes(long n) {
    return new ReducerConfig(
        statelessBatch,
        inputs,
        chunkEvents,
        partitions,
        targetPartBytes,
        maxPartitions,
        n,
        splitBytes,
        externalSources);
  }

  public ReducerConfig withTargetPartBytes(long n) {
    return new ReducerConfig(
        statelessBatch,
        inputs,
        chunkEvents,
        partitions,
        n,
        maxPartitions,
        maxObjectBytes,
        splitBytes,
        externalSources);
  }

  public ReducerConfig withSplitBytes(long n) {
    return new ReducerConfig(
        statelessBatch,
        inputs,
        chunkEvents,
        partitions,
        targetPartBytes,
        maxPartitions,
        maxObjectBytes,
        n,
        externalSources);
  }

  /**
   * The number of part-files: fixed, or derived from the inputs' stored sizes (gzip weighted by
   * {@link #GZIP_EXPANSION_ESTIMATE}). It depends only on the inputs, never on the cluster, so a
   * rerun on a different cluster writes the same files.
   *
   * @param inputBytes stored size of each input, in {@link #inputs} order
   */
  public int outputPartitions(List<Long> inputBytes) {
    if (partitions > 0) {
      return partitions;
    }
    long estimate = 0;
    for (int i = 0; i < inputs.size(); i++) {
      long size = inputBytes.get(i);
      estimate += inputs.get(i).endsWith(".gz") ? size * GZIP_EXPANSION_ESTIMATE : size;
    }
    long n = (estimate + targetPartBytes - 1) / targetPartBytes;
    return (int) Math.max(1, Math.min(maxPartitions, n));
  }
}
