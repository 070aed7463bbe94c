package dev.recon.cli;

import dev.recon.aws.AwsClientFactory;
import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.model.IndexEntry;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.port.ObjectStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Every current artifact: a scan of the index, then ranged GETs ordered by (part-file, offset) so
 * reads go through each part-file front to back.
 */
final class AllArtifacts {
  private AllArtifacts() {}

  static void forEach(AwsClientFactory clients, BiConsumer<IndexEntry, byte[]> sink) {
    List<IndexEntry> entries = new ArrayList<>();
    clients.artifactIndex().scan(entries::add);
    entries.sort(Comparator.comparing(IndexEntry::partFile).thenComparingLong(IndexEntry::offset));
    ObjectStore store = clients.objectStore();
    for (IndexEntry e : entries) {
      sink.accept(e, store.getRange(e.partFile(), e.offset(), e.length()));
    }
  }

  static List<ReconciliationArtifact> all(AwsClientFactory clients) {
    List<ReconciliationArtifact> out = new ArrayList<>();
    forEach(clients, (e, bytes) -> out.add(CanonicalJson.decodeArtifact(bytes)));
    out.sort(Comparator.comparing(ReconciliationArtifact::artifactId));
    return out;
  }
}
