package dev.recon.bench;

import java.nio.file.Path;

/**
 * Sizes of one bench run. {@link #defaults} are issue 7's sizes; {@link #quick} fits in a few
 * minutes on two cores.
 *
 * @param cycleEvents events of the full cycle (and of the transactional comparison)
 * @param cycleKeys keys those events fall on
 * @param historyKeys stored keys at 1× (10× is measured too)
 * @param historyBatchEvents events of the batch applied at 1× and 10× history
 * @param historyBatchKeys keys of that batch (all already stored)
 * @param historyRounds batches applied at each history size, interleaved; the median counts
 * @param transactionalEvents events actually run through the transactional design (a prefix of the
 *     cycle's events; its rate and PUTs per event are measured on them)
 * @param lookups lookups per mode (cached, uncached)
 * @param rawDdbWrites conditional PutItems for the raw DynamoDB rate
 * @param redisArtifacts artifacts written to Redis for its rate
 * @param threads client threads (transactional design, raw writes, pre-population)
 * @param seed generator seed
 * @param work directory for the embedded stacks (wiped)
 */
public record BenchConfig(
    int cycleEvents,
    int cycleKeys,
    int historyKeys,
    int historyBatchEvents,
    int historyBatchKeys,
    int historyRounds,
    int transactionalEvents,
    int lookups,
    int rawDdbWrites,
    int redisArtifacts,
    int threads,
    long seed,
    Path work) {

  /**
   * Client threads of the transactional design and the raw writes: as many concurrent writers as
   * one indexer worker has ({@code IndexerConfig.INDEX_THREADS_DEFAULT}), so neither side of a
   * ratio gets more concurrency against the same store than the other.
   */
  public static final int THREADS_DEFAULT = 16;

  public BenchConfig {
    positive("cycleEvents", cycleEvents);
    positive("cycleKeys", cycleKeys);
    positive("historyKeys", historyKeys);
    positive("historyBatchEvents", historyBatchEvents);
    positive("historyBatchKeys", historyBatchKeys);
    positive("historyRounds", historyRounds);
    positive("transactionalEvents", transactionalEvents);
    positive("lookups", lookups);
    positive("rawDdbWrites", rawDdbWrites);
    positive("redisArtifacts", redisArtifacts);
    positive("threads", threads);
    if (cycleKeys > cycleEvents || historyBatchKeys > historyBatchEvents) {
      throw new IllegalArgumentException("more keys than events");
    }
    if (historyBatchKeys > historyKeys) {
      throw new IllegalArgumentException(
          "the history batch must touch stored keys only: "
              + historyBatchKeys
              + " > "
              + historyKeys);
    }
    if (transactionalEvents > cycleEvents) {
      throw new IllegalArgumentException("transactionalEvents > cycleEvents");
    }
  }

  private static void positive(String name, int v) {
    if (v <= 0) {
      throw new IllegalArgumentException(name + " must be positive: " + v);
    }
  }

  /** Issue 7's sizes: a 2M-event cycle over 200k keys; 100k vs 1M stored keys, 200k-event batch. */
  public static BenchConfig defaults(Path work) {
    return new BenchConfig(
        2_000_000,
        200_000,
        100_000,
        200_000,
        20_000,
        3,
        20_000,
        2_000,
        50_000,
        200_000,
        THREADS_DEFAULT,
        2026,
        work);
  }

  /**
   * Reduced sizes, same keys reported. The history keeps 10,000 vs 100,000 stored keys (a tenth of
   * the default's) while the batches shrink twenty-fold: with a smaller history the full recompute
   * would be as short as the Spark stages' fixed cost, and the ratio would measure that.
   */
  public static BenchConfig quick(Path work) {
    return new BenchConfig(
        100_000,
        10_000,
        10_000,
        10_000,
        1_000,
        3,
        2_000,
        500,
        5_000,
        20_000,
        THREADS_DEFAULT,
        2026,
        work);
  }
}
