package dev.recon.core.testing;

import dev.recon.core.config.RulesConfig;
import dev.recon.core.model.Event;
import dev.recon.core.model.Line;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.model.StatelessArtifact;
import dev.recon.core.rules.ArtifactMerger;
import dev.recon.core.rules.MergeResult;
import dev.recon.core.rules.StatelessReducer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Runs the pure rules the way the pipeline does, batch after batch, entirely in memory. */
public final class Pipelines {
  private Pipelines() {}

  /** Applies each batch as stateless batch i+1 then stateful batch i+1, all at {@code asOf}. */
  public static Map<String, ReconciliationArtifact> apply(
      Map<String, ReconciliationArtifact> state,
      List<List<Event>> batches,
      long firstBatch,
      Instant asOf,
      RulesConfig rules) {
    Map<String, ReconciliationArtifact> out = new TreeMap<>(state);
    ArtifactMerger merger = new ArtifactMerger(rules);
    long n = firstBatch;
    for (List<Event> batch : batches) {
      Map<String, List<Event>> byKey =
          batch.stream()
              .collect(Collectors.groupingBy(Event::artifactId, TreeMap::new, Collectors.toList()));
      for (Map.Entry<String, List<Event>> e : byKey.entrySet()) {
        StatelessArtifact s = StatelessReducer.reduce(e.getKey(), n, e.getValue());
        MergeResult r = merger.merge(out.get(e.getKey()), null, List.of(s), n, asOf);
        if (r.artifact() != null) {
          out.put(e.getKey(), r.artifact());
        }
      }
      n++;
    }
    return out;
  }

  /**
   * The artifact without its provenance (version, line batches, previous): what a split must not
   * change.
   */
  public static ReconciliationArtifact content(ReconciliationArtifact a) {
    List<Line> lines = new ArrayList<>(a.lines().size());
    for (Line l : a.lines()) {
      lines.add(
          new Line(
              l.eventId(),
              l.eventTime(),
              l.type(),
              l.side(),
              l.amount(),
              l.currency(),
              l.source(),
              l.reference(),
              l.attributes(),
              1));
    }
    return new ReconciliationArtifact(
        a.artifactId(),
        1,
        a.asOf(),
        a.status(),
        a.balances(),
        a.debits(),
        a.credits(),
        a.lineCount(),
        a.firstEventTime(),
        a.lastEventTime(),
        lines,
        null);
  }
}
