package dev.recon.prefetch;

import dev.recon.core.contract.PartFileStats;
import java.io.Serializable;

/**
 * What one prefetch task wrote (null file when its keys had no prior artifact) and its fetch
 * counters.
 */
public record PrefetchPartResult(
    int partition, PartFileStats file, ArtifactFetcher.FetchCounters counters)
    implements Serializable {}
