package dev.recon.processor;

import dev.recon.core.contract.CountNames;
import dev.recon.core.model.ArtifactStatus;
import dev.recon.core.model.QuarantineReason;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the merge of one route (or the whole batch) did. Accounting identity: {@code events +
 * conflictingCopies = applied + duplicates + conflicting} — every stateless event of the batch (an
 * accepted content or a rival content the run met for it) is applied once, recognised as a
 * duplicate, or quarantined; a quarantined content takes with it the identical copies the reducer
 * had folded into it (counted there as duplicates), each its own quarantined line.
 */
public final class MergeCounters implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Keys with stateless input in this batch. */
  public long keys;

  /** Stateless events read. */
  public long events;

  public long applied;
  public long duplicates;

  /** Conflicting duplicates, quarantined: lines (quarantine records). */
  public long conflicting;

  /**
   * Of {@link #conflicting}, the lines the reducer had counted as duplicates of a rejected content.
   */
  public long conflictingCopies;

  /** New versions written. */
  public long artifacts;

  /** Keys whose events were all duplicates (or conflicting): no new version. */
  public long unchanged;

  /** Keys with no prior artifact. */
  public long newKeys;

  /** Keys whose newest prior came from the prefetch (index, cache or S3). */
  public long prefetchedPriors;

  /** Keys whose newest prior came from an in-flight part-file. */
  public long inFlightPriors;

  /** In-flight or prefetched keys without stateless input in this batch (read and dropped). */
  public long priorOnlyKeys;

  /** By {@link ArtifactStatus} ordinal: the versions written, by their status. */
  public final long[] statusTo = new long[ArtifactStatus.values().length];

  /** By {@link ArtifactStatus} ordinal: the priors of the versions written, by their status. */
  public final long[] statusFrom = new long[ArtifactStatus.values().length];

  public void add(KeyMerge.Outcome o) {
    keys++;
    events += o.events();
    applied += o.applied();
    duplicates += o.duplicates();
    conflicting += o.quarantined().size();
    conflictingCopies += o.quarantined().size() - o.conflictingContents();
    if (o.written() != null) {
      artifacts++;
      statusTo[o.written().status().ordinal()]++;
      if (o.priorStatus() != null) {
        statusFrom[o.priorStatus().ordinal()]++;
      }
    } else {
      unchanged++;
    }
    switch (o.priorOrigin()) {
      case Contribution.ORIGIN_PREFETCH -> prefetchedPriors++;
      case Contribution.ORIGIN_IN_FLIGHT -> inFlightPriors++;
      default -> newKeys++;
    }
  }

  public void add(MergeCounters o) {
    keys += o.keys;
    events += o.events;
    applied += o.applied;
    duplicates += o.duplicates;
    conflicting += o.conflicting;
    conflictingCopies += o.conflictingCopies;
    artifacts += o.artifacts;
    unchanged += o.unchanged;
    newKeys += o.newKeys;
    prefetchedPriors += o.prefetchedPriors;
    inFlightPriors += o.inFlightPriors;
    priorOnlyKeys += o.priorOnlyKeys;
    for (int i = 0; i < statusTo.length; i++) {
      statusTo[i] += o.statusTo[i];
      statusFrom[i] += o.statusFrom[i];
    }
  }

  public Map<String, Long> toMap() {
    Map<String, Long> m = new TreeMap<>();
    m.put(CountNames.KEYS, keys);
    m.put(CountNames.EVENTS, events);
    m.put(CountNames.APPLIED, applied);
    m.put(CountNames.DUPLICATES, duplicates);
    m.put(CountNames.QUARANTINED, conflicting);
    m.put(CountNames.quarantined(QuarantineReason.CONFLICTING_DUPLICATE.name()), conflicting);
    m.put(CountNames.CONFLICTING_COPIES, conflictingCopies);
    m.put(CountNames.ARTIFACTS, artifacts);
    m.put(CountNames.UNCHANGED, unchanged);
    m.put(CountNames.NEW_KEYS, newKeys);
    m.put(CountNames.PREFETCHED_PRIORS, prefetchedPriors);
    m.put(CountNames.IN_FLIGHT_PRIORS, inFlightPriors);
    m.put(CountNames.PRIOR_ONLY_KEYS, priorOnlyKeys);
    for (ArtifactStatus s : ArtifactStatus.values()) {
      m.put(CountNames.STATUS_TO_PREFIX + s.name(), statusTo[s.ordinal()]);
      m.put(CountNames.STATUS_FROM_PREFIX + s.name(), statusFrom[s.ordinal()]);
    }
    return m;
  }
}
