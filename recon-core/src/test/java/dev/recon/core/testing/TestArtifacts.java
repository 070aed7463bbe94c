package dev.recon.core.testing;

import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.config.RulesConfig;
import dev.recon.core.layout.Layout;
import dev.recon.core.model.Event;
import dev.recon.core.model.IndexEntry;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.port.ObjectStore;
import dev.recon.core.rules.ArtifactMerger;
import dev.recon.core.rules.StatelessReducer;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reconciliation artifacts and state part-files for tests, built with the core rules. */
public final class TestArtifacts {
  public static final Instant AS_OF = Instant.parse("2026-12-01T00:00:00Z");

  private TestArtifacts() {}

  /** An artifact of {@code lines} fresh events at {@code version}. */
  public static ReconciliationArtifact artifact(
      StatelessBatches gen, String id, long version, int lines) {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < lines; i++) {
      events.add(gen.event(id));
    }
    return new ArtifactMerger(RulesConfig.DEFAULTS)
        .merge(null, null, List.of(StatelessReducer.reduce(id, version, events)), version, AS_OF)
        .artifact();
  }

  /**
   * Writes the artifacts as {@code state/<version>/part-<part>.jsonl} and returns the index entries
   * locating each (offset and length without the newline).
   */
  public static List<IndexEntry> writePart(
      ObjectStore store, long batch, int part, List<ReconciliationArtifact> artifacts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<IndexEntry> entries = new ArrayList<>();
    String key = Layout.statePart(batch, part);
    for (ReconciliationArtifact a : artifacts) {
      byte[] bytes = CanonicalJson.encode(a);
      entries.add(new IndexEntry(a.artifactId(), key, out.size(), bytes.length, a.version()));
      out.writeBytes(bytes);
      out.write('\n');
    }
    store.put(key, out.toByteArray());
    return entries;
  }
}
