package dev.recon.processor;

import dev.recon.core.contract.PartFileStats;
import java.io.Serializable;

/**
 * What one route's task wrote: its state part-file and quarantine file (null when empty) and
 * counters.
 */
public record StatePartResult(
    int route, PartFileStats state, PartFileStats quarantine, MergeCounters counters)
    implements Serializable {}
