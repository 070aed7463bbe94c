package dev.recon.processor;

import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.config.RulesConfig;
import dev.recon.core.error.ReconException;
import dev.recon.core.model.ArtifactLocation;
import dev.recon.core.model.ArtifactStatus;
import dev.recon.core.model.Event;
import dev.recon.core.model.EventOrigin;
import dev.recon.core.model.QuarantineReason;
import dev.recon.core.model.QuarantineRecord;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.model.StatelessArtifact;
import dev.recon.core.rules.ArtifactMerger;
import dev.recon.core.rules.MergeResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The per-key step of the processor, free of Spark: pick the newest prior copy (DESIGN §2: among
 * the prefetched and the in-flight copies, per key the newest version wins), decode the batch's
 * stateless lines in order, apply the core {@link ArtifactMerger}, and describe what happened.
 *
 * <p>The prior's location becomes the new version's {@code previous}, so history is a walk of
 * ranged GETs. Conflicting duplicates become quarantine records that name the input objects and
 * lines they were read from.
 */
public final class KeyMerge {
  private final ArtifactMerger merger;
  private final long batch;
  private final Instant asOf;

  public KeyMerge(RulesConfig rules, long batch, Instant asOf) {
    this.merger = new ArtifactMerger(rules);
    this.batch = batch;
    this.asOf = Objects.requireNonNull(asOf, "asOf");
  }

  /**
   * What merging one key did.
   *
   * @param written the new version to write, or null (nothing new, or no stateless input)
   * @param priorOrigin origin of the prior used ({@link Contribution#ORIGIN_PREFETCH} or {@link
   *     Contribution#ORIGIN_IN_FLIGHT}), or -1 for a new key
   */
  public record Outcome(
      ReconciliationArtifact written,
      int priorOrigin,
      long events,
      long applied,
      long duplicates,
      List<QuarantineRecord> quarantined,
      long conflictingContents,
      ArtifactStatus priorStatus) {}

  /**
   * The better of two prior copies: the higher version; ties go to the lower (part-file, offset).
   */
  public static Contribution newer(Contribution best, Contribution candidate) {
    if (best == null) {
      return candidate;
    }
    if (candidate.sequence != best.sequence) {
      return candidate.sequence > best.sequence ? candidate : best;
    }
    int c = candidate.source.compareTo(best.source);
    return c < 0 || (c == 0 && candidate.offset < best.offset) ? candidate : best;
  }

  /**
   * The quarantine records of an event rejected against history: one per line it was read from (the
   * accepted copy and the identical copies the reducer folded into it), each naming its input
   * object and line — the same records a single run over all those inputs would have written. A
   * stateless artifact without origins (written before they were recorded) names its own part-file
   * and line instead.
   */
  List<QuarantineRecord> quarantineRecords(
      String artifactId, MergeResult.Rejected rejected, Contribution from) {
    Event e = rejected.event();
    byte[] raw = CanonicalJson.encode(e);
    String text = new String(raw, StandardCharsets.UTF_8);
    String detail =
        "stateful batch "
            + batch
            + ": eventId "
            + e.eventId()
            + " of "
            + artifactId
            + " was already applied with different content";
    List<QuarantineRecord> out = new ArrayList<>(Math.max(1, rejected.origins().size()));
    if (rejected.origins().isEmpty()) {
      out.add(
          new QuarantineRecord(
              from.source,
              from.line,
              text,
              raw.length,
              QuarantineReason.CONFLICTING_DUPLICATE,
              detail));
    }
    for (EventOrigin o : rejected.origins()) {
      out.add(
          new QuarantineRecord(
              o.inputObject(),
              o.line(),
              text,
              raw.length,
              QuarantineReason.CONFLICTING_DUPLICATE,
              detail));
    }
    return out;
  }

  /**
   * @param prior the newest prior copy, or null for a key never seen before
   * @param stateless the key's stateless lines in (stateless batch, part-file, line) order; not
   *     empty
   */
  public Outcome merge(String artifactId, Contribution prior, List<Contribution> stateless) {
    if (stateless.isEmpty()) {
      throw new IllegalArgumentException("no stateless input for " + artifactId);
    }
    ReconciliationArtifact priorArtifact = null;
    ArtifactLocation priorLocation = null;
    if (prior != null) {
      priorArtifact = CanonicalJson.decodeArtifact(prior.bytes);
      if (!priorArtifact.artifactId().equals(artifactId)
          || priorArtifact.version() != prior.sequence) {
        throw new ReconException(
            "prior copy at "
                + prior.source
                + "@"
                + prior.offset
                + " is "
                + priorArtifact.artifactId()
                + " v"
                + priorArtifact.version()
                + ", expected "
                + artifactId
                + " v"
                + prior.sequence);
      }
      priorLocation = new ArtifactLocation(prior.source, prior.offset, prior.length);
    }
    List<StatelessArtifact> incoming = new ArrayList<>(stateless.size());
    Map<Event, Contribution> provenance = new IdentityHashMap<>();
    long events = 0;
    for (Contribution c : stateless) {
      StatelessArtifact s = CanonicalJson.decodeStateless(c.bytes);
      if (!s.artifactId().equals(artifactId)) {
        throw new ReconException(
            "stateless line "
                + c.source
                + ":"
                + c.line
                + " is for "
                + s.artifactId()
                + ", not "
                + artifactId);
      }
      incoming.add(s);
      events += s.events().size() + s.rivals().size();
      for (Event e : s.events()) {
        provenance.put(e, c);
      }
    }
    MergeResult r = merger.merge(priorArtifact, priorLocation, incoming, batch, asOf);
    List<QuarantineRecord> quarantined = new ArrayList<>(r.conflicting().size());
    for (MergeResult.Rejected rejected : r.conflicting()) {
      quarantined.addAll(quarantineRecords(artifactId, rejected, provenance.get(rejected.event())));
    }
    return new Outcome(
        r.changed() ? r.artifact() : null,
        prior == null ? -1 : prior.origin,
        events,
        r.applied(),
        r.duplicates(),
        quarantined,
        r.conflicting().size(),
        priorArtifact == null ? null : priorArtifact.status());
  }
}
