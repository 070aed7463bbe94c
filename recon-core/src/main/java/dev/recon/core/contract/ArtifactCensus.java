package dev.recon.core.contract;

import dev.recon.core.model.ArtifactStatus;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How many artifacts stand in each status (DESIGN §4) at their newest version, through a stateful
 * batch: kept in the state manifest's counts ({@code census.<STATUS>}, and so in the STATEFUL
 * ledger record as {@code process.census.<STATUS>}) so that the console and status can show open
 * and aged artifacts without reading every artifact.
 *
 * <p>It is carried forward batch by batch: {@code census(N) = census(N-1) + statusTo(N) -
 * statusFrom(N)}, where the processor counts, for each version it writes, the new version's status
 * ({@code statusTo}) and its prior's ({@code statusFrom}); a key the batch leaves unchanged keeps
 * its status. Batch 1 starts from zero. When batch {@code N-1}'s manifest has no census (written
 * before it was kept) batch {@code N} has none either: an unknown count is never shown as a number.
 *
 * <p>The status is the one stored with each version, evaluated at that version's as-of: an OPEN
 * artifact that no later batch touched is counted OPEN even once its first event has passed the
 * aging threshold ({@code recon report --as-of T} evaluates aging again at any instant, reading
 * every artifact).
 */
public record ArtifactCensus(Map<ArtifactStatus, Long> byStatus) {
  public ArtifactCensus {
    EnumMap<ArtifactStatus, Long> m = new EnumMap<>(ArtifactStatus.class);
    for (ArtifactStatus s : ArtifactStatus.values()) {
      long n = byStatus.getOrDefault(s, 0L);
      if (n < 0) {
        throw new IllegalArgumentException("census of " + s + " is negative: " + n);
      }
      m.put(s, n);
    }
    byStatus = java.util.Collections.unmodifiableMap(m);
  }

  public static final ArtifactCensus EMPTY = new ArtifactCensus(Map.of());

  public long of(ArtifactStatus s) {
    return byStatus.get(s);
  }

  public long total() {
    return byStatus.values().stream().mapToLong(Long::longValue).sum();
  }

  /** A STATEFUL ledger record and the census it holds ({@code process.census.<STATUS>}). */
  public record Counted(dev.recon.core.model.LedgerRecord batch, ArtifactCensus census) {}

  /** Of {@code stateful} (ledger records, any order), the newest that holds a census. */
  public static Optional<Counted> newest(
      java.util.Collection<dev.recon.core.model.LedgerRecord> stateful) {
    Counted best = null;
    for (dev.recon.core.model.LedgerRecord r : stateful) {
      if (best != null && r.sequence() <= best.batch().sequence()) {
        continue;
      }
      Optional<ArtifactCensus> c = read(r.counts(), CountNames.PROCESS_PREFIX);
      if (c.isPresent()) {
        best = new Counted(r, c.get());
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * The census in {@code counts} under {@code prefix} + {@code census.}, if every status is there.
   */
  public static Optional<ArtifactCensus> read(Map<String, Long> counts, String prefix) {
    EnumMap<ArtifactStatus, Long> m = new EnumMap<>(ArtifactStatus.class);
    for (ArtifactStatus s : ArtifactStatus.values()) {
      Long n = counts.get(prefix + CountNames.CENSUS_PREFIX + s.name());
      if (n == null) {
        return Optional.empty();
      }
      m.put(s, n);
    }
    return Optional.of(new ArtifactCensus(m));
  }

  /**
   * Batch {@code batch}'s manifest counts with its census added: {@code previous} is batch {@code
   * batch - 1}'s manifest counts (empty for batch 1, or when that manifest is missing). A result
   * that would be negative (the batch replaced more priors of a status than the census held: the
   * chain does not describe the store) leaves the census out, as unknown, rather than failing the
   * batch over a count.
   */
  public static SortedMap<String, Long> follow(
      long batch, Map<String, Long> counts, Optional<? extends Map<String, Long>> previous) {
    TreeMap<String, Long> out = new TreeMap<>(counts);
    Optional<ArtifactCensus> base =
        batch == 1 ? Optional.of(EMPTY) : previous.flatMap(p -> read(p, ""));
    if (base.isEmpty()) {
      return out;
    }
    TreeMap<String, Long> census = new TreeMap<>();
    for (ArtifactStatus s : ArtifactStatus.values()) {
      long n =
          base.get().of(s)
              + counts.getOrDefault(CountNames.STATUS_TO_PREFIX + s.name(), 0L)
              - counts.getOrDefault(CountNames.STATUS_FROM_PREFIX + s.name(), 0L);
      if (n < 0) {
        return out;
      }
      census.put(CountNames.CENSUS_PREFIX + s.name(), n);
    }
    out.putAll(census);
    return out;
  }
}
