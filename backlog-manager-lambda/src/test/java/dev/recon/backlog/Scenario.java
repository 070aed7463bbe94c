package dev.recon.backlog;

import dev.recon.core.contract.InputStat;
import dev.recon.core.contract.StatelessManifest;
import dev.recon.core.layout.Layout;
import dev.recon.core.layout.LedgerNames;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.testing.InMemoryObjectStore;
import dev.recon.core.watermark.BatchSources;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A ledger, a store and the services over them, with helpers that play the reducer's part. */
final class Scenario {
  final InMemoryBatchLedger ledger = new InMemoryBatchLedger();
  final InMemoryObjectStore store = new InMemoryObjectStore();
  final MutableClock clock = new MutableClock(Landing.T0);
  final BacklogService service = new BacklogService(ledger, store, clock);

  List<String> land(int n) {
    List<String> keys = Landing.hourly(store, n, 100);
    service.registry().sweep();
    return keys;
  }

  StatelessPlanner.Plan plan(int maxObjects) {
    return service.statelessPlanner().plan(new PlanLimits(maxObjects, 1L << 40, 1L << 40));
  }

  /**
   * Writes the manifest a reducer run over the plan's inputs would write ({@code accepted} events).
   */
  void writeManifest(long s, List<String> inputs, long accepted) {
    writeManifest(s, inputs, accepted, BatchSources.NONE);
  }

  void writeManifest(long s, List<String> inputs, long accepted, BatchSources sources) {
    TreeMap<String, Long> counts = new TreeMap<>();
    counts.put(LedgerNames.READ, accepted + 3);
    counts.put(LedgerNames.ACCEPTED, accepted);
    counts.put(LedgerNames.DUPLICATES, 1L);
    counts.put(LedgerNames.QUARANTINED, 2L);
    counts.put(LedgerNames.KEYS, Math.max(1, accepted / 2));
    List<InputStat> stats =
        inputs.stream().sorted().map(k -> new InputStat(k, 100, 1, true)).toList();
    store.put(
        Layout.statelessManifest(s),
        new StatelessManifest(s, 1, 10, stats, counts, List.of(), List.of(), List.of(), sources)
            .encode());
  }

  /** Runs stateless batch {@code s} to SUCCESS the way the workflow does. */
  void succeed(StatelessPlanner.Plan p, long accepted) {
    succeed(p, accepted, BatchSources.NONE);
  }

  /** As {@link #succeed(StatelessPlanner.Plan, long)}, the reducer having seen {@code sources}. */
  void succeed(StatelessPlanner.Plan p, long accepted, BatchSources sources) {
    clock.advance(Duration.ofSeconds(1));
    service.lifecycle().start(BatchKind.STATELESS, p.statelessBatch());
    writeManifest(p.statelessBatch(), p.inputs(), accepted, sources);
    clock.advance(Duration.ofSeconds(2));
    service.lifecycle().complete(BatchKind.STATELESS, p.statelessBatch(), Map.of());
  }

  LedgerRecord stateless(long s) {
    return ledger.get(BatchKind.STATELESS, Layout.seq(s)).orElseThrow();
  }

  LedgerRecord input(String key) {
    return ledger.get(BatchKind.INPUT, key).orElseThrow();
  }
}
