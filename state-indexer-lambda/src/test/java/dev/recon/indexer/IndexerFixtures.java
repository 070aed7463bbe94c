package dev.recon.indexer;

import dev.recon.core.layout.Layout;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.IndexEntry;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.port.BatchLedger;
import dev.recon.core.port.ObjectStore;
import dev.recon.core.testing.StatelessBatches;
import dev.recon.core.testing.TestArtifacts;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A processed batch for indexer tests: state part-files, the manifest listing them, a ledger
 * record.
 */
final class IndexerFixtures {
  private IndexerFixtures() {}

  /**
   * Writes {@code parts} part-files of {@code perPart} artifacts (version {@code batch}); returns
   * all entries.
   */
  static List<IndexEntry> processedBatch(
      ObjectStore store,
      BatchLedger ledger,
      StatelessBatches gen,
      long batch,
      int parts,
      int perPart,
      int linesEach) {
    List<IndexEntry> entries = new ArrayList<>();
    StringBuilder files = new StringBuilder();
    for (int p = 0; p < parts; p++) {
      List<ReconciliationArtifact> artifacts = new ArrayList<>();
      for (int i = 0; i < perPart; i++) {
        artifacts.add(
            TestArtifacts.artifact(gen, String.format("key-%02d-%04d", p, i), batch, linesEach));
      }
      entries.addAll(TestArtifacts.writePart(store, batch, p, artifacts));
      files
          .append(p == 0 ? "" : ",")
          .append("{\"key\":\"")
          .append(Layout.statePart(batch, p))
          .append("\"}");
    }
    store.put(
        Layout.stateManifest(batch),
        ("{\"batch\":" + batch + ",\"files\":[" + files + "]}").getBytes(StandardCharsets.UTF_8));
    if (ledger.get(BatchKind.STATEFUL, Layout.seq(batch)).isEmpty()) {
      ledger.create(
          LedgerRecord.create(
              BatchKind.STATEFUL, Layout.seq(batch), batch, BatchStatus.EXECUTING, Instant.EPOCH));
    }
    return entries;
  }
}
