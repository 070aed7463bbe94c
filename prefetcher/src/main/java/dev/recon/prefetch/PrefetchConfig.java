package dev.recon.prefetch;

import dev.recon.core.config.ReconSettings;
import dev.recon.core.contract.StatefulBatchPlan;
import java.io.Serializable;
import java.util.Objects;

/**
 * The prefetcher's run configuration, parsed once from the command line ({@link PrefetcherMain})
 * and shipped to executors with the settings (no clients inside).
 *
 * @param statelessFrom override of the ledger's statelessFrom (null: read the ledger)
 * @param statelessTo override of the ledger's statelessTo (null: read the ledger)
 * @param partitions fetch tasks, and at most as many prefetch part-files
 * @param lookupBatchSize keys looked up, fetched and written per round inside a task (bounds
 *     memory)
 * @param ioThreads concurrent index lookups and GETs per task
 * @param maxGapBytes largest gap a coalesced GET reads through
 * @param maxGetBytes largest single GET
 */
public record PrefetchConfig(
    ReconSettings settings,
    long batch,
    Long statelessFrom,
    Long statelessTo,
    int partitions,
    int lookupBatchSize,
    int ioThreads,
    long maxGapBytes,
    long maxGetBytes)
    implements Serializable {

  public static final int PARTITIONS_DEFAULT = 16;
  public static final int LOOKUP_BATCH_SIZE_DEFAULT = 1000;
  public static final int IO_THREADS_DEFAULT = 16;

  public PrefetchConfig {
    Objects.requireNonNull(settings, "settings");
    if (batch < 1 || partitions < 1 || lookupBatchSize < 1 || ioThreads < 1) {
      throw new IllegalArgumentException("bad prefetch config");
    }
    new RangeCoalescingPlanner(maxGapBytes, maxGetBytes); // validates
  }

  public static PrefetchConfig defaults(ReconSettings settings, long batch) {
    return new PrefetchConfig(
        settings,
        batch,
        null,
        null,
        PARTITIONS_DEFAULT,
        LOOKUP_BATCH_SIZE_DEFAULT,
        IO_THREADS_DEFAULT,
        RangeCoalescingPlanner.MAX_GAP_BYTES_DEFAULT,
        RangeCoalescingPlanner.MAX_GET_BYTES_DEFAULT);
  }

  public PrefetchConfig withStateless(long from, long to) {
    return new PrefetchConfig(
        settings,
        batch,
        from,
        to,
        partitions,
        lookupBatchSize,
        ioThreads,
        maxGapBytes,
        maxGetBytes);
  }

  public PrefetchConfig withPartitions(int n) {
    return new PrefetchConfig(
        settings,
        batch,
        statelessFrom,
        statelessTo,
        n,
        lookupBatchSize,
        ioThreads,
        maxGapBytes,
        maxGetBytes);
  }

  public PrefetchConfig withCoalescing(long gap, long cap) {
    return new PrefetchConfig(
        settings,
        batch,
        statelessFrom,
        statelessTo,
        partitions,
        lookupBatchSize,
        ioThreads,
        gap,
        cap);
  }

  public PrefetchConfig withLookupBatchSize(int n) {
    return new PrefetchConfig(
        settings,
        batch,
        statelessFrom,
        statelessTo,
        partitions,
        n,
        ioThreads,
        maxGapBytes,
        maxGetBytes);
  }

  public RangeCoalescingPlanner planner() {
    return new RangeCoalescingPlanner(maxGapBytes, maxGetBytes);
  }

  /** The batch plan: overrides first, then the ledger (asOf is not needed to prefetch). */
  public StatefulBatchPlan plan(dev.recon.core.port.BatchLedger ledger) {
    return StatefulBatchPlan.resolve(ledger, batch, statelessFrom, statelessTo, null, false);
  }
}
