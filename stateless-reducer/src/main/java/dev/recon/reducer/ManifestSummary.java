package dev.recon.reducer;

import dev.recon.core.contract.InputStat;
import dev.recon.core.contract.StatelessManifest;
import dev.recon.core.layout.LedgerNames;
import dev.recon.core.model.QuarantineReason;
import dev.recon.core.watermark.BatchSources;
import dev.recon.core.watermark.SourceStats;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Builds a stateless batch's {@link StatelessManifest} from what its partitions wrote and counted.
 * The manifest's format lives in recon-core (every reader needs it); how the reducer adds up its
 * partitions stays here.
 */
final class ManifestSummary {
  private ManifestSummary() {}

  /**
   * Adds up the partitions' results into a manifest.
   *
   * @param parts one result per partition 0..n-1, in any order
   */
  public static StatelessManifest summarize(
      long statelessBatch,
      int chunkEvents,
      List<PartResult> parts,
      List<InputStat> expectedInputs) {
    List<PartResult> ordered = new ArrayList<>(parts);
    ordered.sort((x, y) -> Integer.compare(x.part, y.part));
    for (int i = 0; i < ordered.size(); i++) {
      if (ordered.get(i).part != i) {
        throw new IllegalStateException(
            "missing or repeated part result " + i + ": " + ordered.get(i).part);
      }
    }
    long accepted = 0;
    long external = 0;
    long duplicates = 0;
    long keys = 0;
    long lines = 0;
    TreeMap<String, Long> byReason = new TreeMap<>();
    for (QuarantineReason r : QuarantineReason.values()) {
      byReason.put(r.name(), 0L);
    }
    List<InputStat> inputs = new ArrayList<>();
    BatchSources sources = BatchSources.NONE;
    for (PartResult p : ordered) {
      accepted += p.accepted;
      external += p.externalLines;
      duplicates += p.duplicates;
      keys += p.keyCount;
      lines += p.artifactLines;
      p.quarantinedByReason.forEach((k, v) -> byReason.merge(k, v, Long::sum));
      inputs.addAll(p.inputs);
      TreeMap<String, SourceStats> part = new TreeMap<>();
      p.sources.forEach((s, t) -> part.put(s, t.toStats()));
      sources = sources.plus(new BatchSources(part));
    }
    // In the plan's order: the total order of inputs, which decides which copy of an event is
    // first.
    List<String> expected = expectedInputs.stream().map(InputStat::key).toList();
    java.util.Map<String, Integer> position = new java.util.HashMap<>();
    for (int i = 0; i < expected.size(); i++) {
      position.putIfAbsent(expected.get(i), i);
    }
    inputs.sort(
        java.util.Comparator.comparingInt(
                (InputStat i) -> position.getOrDefault(i.key(), Integer.MAX_VALUE))
            .thenComparing(InputStat::key));
    inputs = mergeSplits(inputs);
    List<String> seen = inputs.stream().map(InputStat::key).toList();
    if (!seen.equals(expected)) {
      throw new IllegalStateException(
          "inputs read " + seen + " differ from inputs planned " + expected);
    }
    long read = inputs.stream().mapToLong(InputStat::lines).sum();
    long quarantined = byReason.values().stream().mapToLong(Long::longValue).sum();
    TreeMap<String, Long> counts = new TreeMap<>();
    counts.put(LedgerNames.READ, read);
    counts.put(LedgerNames.ACCEPTED, accepted);
    counts.put(LedgerNames.DUPLICATES, duplicates);
    counts.put(LedgerNames.QUARANTINED, quarantined);
    byReason.forEach((k, v) -> counts.put(LedgerNames.QUARANTINED_PREFIX + k, v));
    counts.put(LedgerNames.KEYS, keys);
    boolean matching = ordered.stream().anyMatch(p -> p.external != null);
    if (matching) {
      counts.put(StatelessManifest.EXTERNAL, external);
    }
    counts.put(StatelessManifest.ARTIFACT_LINES, lines);
    counts.put(StatelessManifest.INPUTS, (long) inputs.size());
    counts.put(
        StatelessManifest.UNREADABLE_OBJECTS, inputs.stream().filter(i -> !i.readable()).count());
    counts.put(LedgerNames.BYTES, inputs.stream().mapToLong(InputStat::bytes).sum());
    return new StatelessManifest(
        statelessBatch,
        ordered.size(),
        chunkEvents,
        inputs,
        counts,
        ordered.stream().map(p -> p.artifacts).toList(),
        ordered.stream().map(p -> p.keys).toList(),
        ordered.stream().map(p -> p.quarantine).toList(),
        sources,
        matching ? ordered.stream().map(p -> p.external).toList() : List.of());
  }

  /**
   * One stat per input: the splits of one object (adjacent after sorting) report one stat each,
   * whose lines add up; size and readability are the object's.
   */
  static List<InputStat> mergeSplits(List<InputStat> sorted) {
    List<InputStat> out = new ArrayList<>(sorted.size());
    for (InputStat i : sorted) {
      int last = out.size() - 1;
      if (last >= 0 && out.get(last).key().equals(i.key())) {
        InputStat prev = out.get(last);
        if (prev.bytes() != i.bytes() || prev.readable() != i.readable()) {
          throw new IllegalStateException("splits of " + i.key() + " disagree: " + prev + ", " + i);
        }
        out.set(last, new InputStat(i.key(), i.bytes(), prev.lines() + i.lines(), i.readable()));
      } else {
        out.add(i);
      }
    }
    return out;
  }
}
