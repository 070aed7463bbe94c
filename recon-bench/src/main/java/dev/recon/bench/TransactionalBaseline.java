package dev.recon.bench;

import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.config.RulesConfig;
import dev.recon.core.model.ArtifactLocation;
import dev.recon.core.model.Event;
import dev.recon.core.model.IndexEntry;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.port.ArtifactIndex;
import dev.recon.core.port.ObjectStore;
import dev.recon.core.rules.ArtifactMerger;
import java.util.List;

/**
 * The transactional design recon replaces: each event read-modify-writes its artifact (index
 * lookup, S3 GET, S3 PUT of the artifact as its own object, index update).
 */
final class TransactionalBaseline {
  private final BenchConfig config;

  TransactionalBaseline(BenchConfig config) {
    this.config = config;
  }

  /**
   * Applies the cycle's first {@code transactionalEvents} events one by one; wall seconds. Keys are
   * split over the threads, so one key's events stay in order on one thread. Ids get a "txn-"
   * prefix so recon's own artifacts stay untouched.
   */
  double run(ObjectStore store, ArtifactIndex index) {
    ArtifactMerger merger = new ArtifactMerger(RulesConfig.DEFAULTS);
    int n = config.transactionalEvents();
    return BenchThreads.secondsOnThreads(
        config.threads(),
        thread -> {
          for (int i = 0; i < n; i++) {
            Event e = EventGenerator.event("cyc", config.seed(), i, config.cycleKeys());
            if (Math.floorMod(e.artifactId().hashCode(), config.threads()) == thread) {
              apply(merger, store, index, e);
            }
          }
        });
  }

  static void apply(ArtifactMerger merger, ObjectStore store, ArtifactIndex index, Event raw) {
    String id = "txn-" + raw.artifactId();
    Event e =
        new Event(
            raw.eventId(),
            id,
            raw.eventTime(),
            raw.type(),
            raw.side(),
            raw.amount(),
            raw.currency(),
            raw.source(),
            raw.reference(),
            raw.attributes());
    ReconciliationArtifact prior = null;
    ArtifactLocation location = null;
    long version = 1;
    var entry = index.get(id);
    if (entry.isPresent()) {
      location = entry.get().location();
      prior = CanonicalJson.decodeArtifact(store.get(entry.get().partFile()));
      version = entry.get().version() + 1;
    }
    ReconciliationArtifact next =
        merger
            .merge(prior, location, List.of(Bench.stateless(List.of(e))), version, e.eventTime())
            .artifact();
    byte[] bytes = CanonicalJson.encode(next);
    String key = "txn/" + id + "/" + version + ".json";
    store.put(key, bytes);
    index.putIfNewer(new IndexEntry(id, key, 0, bytes.length, version));
  }
}
