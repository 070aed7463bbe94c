package dev.recon.core.testing;

import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.model.ArtifactLocation;
import dev.recon.core.model.ArtifactStatus;
import dev.recon.core.model.IndexEntry;
import dev.recon.core.model.Line;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.model.Side;
import dev.recon.core.port.ArtifactIndex;
import dev.recon.core.port.ObjectStore;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Chains of artifact versions written as the stateful processor writes them (one JSON line per
 * artifact in a part-file, between neighbours, each version pointing at the one it replaced), built
 * directly from lines so a test can make a million-line artifact in a second.
 */
public final class VersionedArtifacts {
  private final ObjectStore store;
  private final ArtifactIndex index;
  private ReconciliationArtifact current;
  private ArtifactLocation currentLocation;

  public VersionedArtifacts(ObjectStore store, ArtifactIndex index) {
    this.store = store;
    this.index = index;
  }

  /** Line {@code i} of a batch: 1.00 debit EUR per line, an event time {@code i} ms after base. */
  public static Line line(long batch, long i, Instant base, String reference) {
    return new Line(
        "e-" + batch + "-" + i,
        base.plusMillis(i),
        "charge",
        Side.DEBIT,
        BigDecimal.ONE,
        "EUR",
        "shop",
        reference,
        null,
        batch);
  }

  /**
   * Adds version {@code batch} at {@code asOf} with {@code added} more lines (the {@code k}-th line
   * of the version gets reference {@code reference} when k == 0) and points the index at it.
   */
  public ReconciliationArtifact add(
      String id, long batch, Instant asOf, int added, String reference) {
    List<Line> lines = new ArrayList<>(current == null ? added : current.lines().size() + added);
    if (current != null) {
      lines.addAll(current.lines());
    }
    Instant base = asOf.minusSeconds(3600);
    for (int i = 0; i < added; i++) {
      lines.add(line(batch, i, base, i == 0 ? reference : "r" + i));
    }
    lines.sort(Line.ORDER);
    BigDecimal total = BigDecimal.valueOf(lines.size());
    TreeMap<String, BigDecimal> debits = new TreeMap<>();
    debits.put("EUR", total);
    TreeMap<String, BigDecimal> balances = new TreeMap<>();
    balances.put("EUR", total);
    ReconciliationArtifact a =
        new ReconciliationArtifact(
            id,
            batch,
            asOf,
            ArtifactStatus.OPEN,
            balances,
            debits,
            new TreeMap<>(),
            lines.size(),
            lines.isEmpty() ? null : lines.get(0).eventTime(),
            lines.isEmpty() ? null : lines.get(lines.size() - 1).eventTime(),
            lines,
            currentLocation);
    // neighbours before and after, as in a real part-file
    String key = String.format("state/%010d/part-00000.jsonl", batch);
    byte[] before = "{\"artifactId\":\"aaa\",\"version\":1}\n".getBytes(StandardCharsets.UTF_8);
    byte[] body = CanonicalJson.encode(a);
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 100);
    out.writeBytes(before);
    out.writeBytes(body);
    out.writeBytes("\n{\"artifactId\":\"zzz\",\"version\":1}\n".getBytes(StandardCharsets.UTF_8));
    store.put(key, out.toByteArray());
    currentLocation = new ArtifactLocation(key, before.length, body.length);
    current = a;
    index.putIfNewer(
        new IndexEntry(id, key, currentLocation.offset(), currentLocation.length(), batch));
    return a;
  }

  public ArtifactLocation location() {
    return currentLocation;
  }
}
