package dev.recon.reducer;

import dev.recon.core.contract.InputStat;
import dev.recon.core.contract.PartFile;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * What one output partition wrote and counted; the driver adds these up into the manifest. A plain
 * class because task results travel through Kryo.
 */
public final class PartResult implements Serializable {
  private static final long serialVersionUID = 1L;

  public int part;
  public PartFile artifacts;
  public PartFile keys;
  public PartFile quarantine;

  /** The external-lines part-file; null for a batch without external sources. */
  public PartFile external;

  /** Accepted external (statement) lines, rivals included; part of {@link #accepted}. */
  public long externalLines;

  /** Accepted events written into artifact lines. */
  public long accepted;

  /** Distinct keys (lines of the key file). */
  public long keyCount;

  /** Stateless-artifact lines (more than keys when hot keys were chunked). */
  public long artifactLines;

  public long duplicates;
  public TreeMap<String, Long> quarantinedByReason = new TreeMap<>();
  public ArrayList<InputStat> inputs = new ArrayList<>();

  /** Per event source (empty name: none), the accepted events and the latest event time. */
  public TreeMap<String, SourceTally> sources = new TreeMap<>();

  /** For Kryo. */
  public PartResult() {}

  public long quarantined() {
    return quarantinedByReason.values().stream().mapToLong(Long::longValue).sum();
  }

  public List<InputStat> inputs() {
    return inputs;
  }
}
