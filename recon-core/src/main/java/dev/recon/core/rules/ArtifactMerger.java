package dev.recon.core.rules;

import dev.recon.core.config.RulesConfig;
import dev.recon.core.match.MatchInputs;
import dev.recon.core.model.ArtifactLocation;
import dev.recon.core.model.Event;
import dev.recon.core.model.Line;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.model.Settlement;
import dev.recon.core.model.Side;
import dev.recon.core.model.StatelessArtifact;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Applies one stateful batch to one key: the prior artifact (or none) plus the stateless artifacts
 * the batch covers, in stateless-batch order.
 *
 * <ul>
 *   <li>A batch is applied at most once: if the prior version is already {@code >= batch} nothing
 *       changes (replays and retries are no-ops).
 *   <li>Events are deduplicated by eventId across the artifact's whole history: the copy applied
 *       first wins; a later identical copy is a duplicate, a later different one is a conflicting
 *       duplicate and goes to quarantine — with every identical copy the stateless batch folded
 *       into it, so the lines rejected are those a single run over all inputs would reject ({@link
 *       DuplicateResolver}). Stateless batches are applied in sequence order, so "first" is the
 *       total order of inputs.
 *   <li>Lines stay ordered by (eventTime, eventId); late events land in order (a linear merge of
 *       two sorted runs, so a million-line artifact is not re-sorted).
 *   <li>Totals are updated incrementally in BigDecimal; balance = debits - credits per currency.
 *   <li>A settlement instruction of the matching stage ({@link Event#isSettlement()}, DESIGN §9) is
 *       applied exactly once like any event and kept in the lines (the artifact's history shows
 *       what settled it), but never counts in debits, credits or balances, and never moves the
 *       first or last event time (aging stays the internal side's).
 *   <li>When the batch matched with a rule set ({@link RulesConfig#settling()} not empty), the
 *       settlement section holds per currency the sum of the lines of a settling type and side
 *       (expected) and of the settlement lines (settled); the status then also needs every
 *       difference within the tolerance ({@link StatusRule}). Without a rule set it is empty and
 *       the artifact's bytes are what they were before matching existed.
 *   <li>If the batch brings nothing new the artifact is left as it was (no new version, no
 *       rewrite).
 * </ul>
 */
public final class ArtifactMerger {
  private final RulesConfig rules;

  public ArtifactMerger(RulesConfig rules) {
    this.rules = rules;
  }

  public MergeResult merge(
      ReconciliationArtifact prior,
      ArtifactLocation priorLocation,
      List<StatelessArtifact> incoming,
      long batch,
      Instant asOf) {
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be >= 1: " + batch);
    }
    if (prior != null && prior.version() >= batch) {
      return new MergeResult(prior, false, 0, 0, List.of());
    }
    String artifactId =
        prior != null
            ? prior.artifactId()
            : incoming.isEmpty() ? null : incoming.get(0).artifactId();
    List<Line> priorLines = prior == null ? List.of() : prior.lines();
    Map<String, Line> history = new HashMap<>(Math.max(16, (priorLines.size() + 16) * 4 / 3));
    for (Line l : priorLines) {
      history.put(l.eventId(), l);
    }
    List<Line> fresh = new ArrayList<>();
    List<MergeResult.Rejected> conflicting = new ArrayList<>();
    long duplicates = 0;
    TreeMap<String, BigDecimal> debits = new TreeMap<>(prior == null ? Map.of() : prior.debits());
    TreeMap<String, BigDecimal> credits = new TreeMap<>(prior == null ? Map.of() : prior.credits());
    for (StatelessArtifact s : incoming) {
      if (!s.artifactId().equals(artifactId)) {
        throw new IllegalArgumentException(
            "stateless artifact " + s.artifactId() + " merged into " + artifactId);
      }
      List<Event> events = s.events();
      Map<Integer, List<StatelessArtifact.Rival>> rivals = rivalsByEvent(s);
      for (int i = 0; i < events.size(); i++) {
        Event e = events.get(i);
        Line known = history.get(e.eventId());
        if (known != null) {
          if (known.sameContentAs(e)) {
            duplicates++;
          } else {
            conflicting.add(new MergeResult.Rejected(e, s.originsOf(i)));
          }
        } else {
          known = e.toLine(batch);
          history.put(e.eventId(), known);
          fresh.add(known);
          if (!e.isSettlement()) {
            (e.side() == Side.DEBIT ? debits : credits)
                .merge(e.currency(), e.amount(), BigDecimal::add);
          }
        }
        // The run's other contents of this event: the one history holds is a duplicate, any other
        // loses.
        for (StatelessArtifact.Rival r : rivals.getOrDefault(i, List.of())) {
          if (known.sameContentAs(r.event())) {
            duplicates++;
          } else {
            conflicting.add(new MergeResult.Rejected(r.event(), r.origins()));
          }
        }
      }
    }
    if (fresh.isEmpty()) {
      return new MergeResult(prior, false, 0, duplicates, conflicting);
    }
    fresh.sort(Line.ORDER);
    List<Line> lines = mergeSorted(priorLines, fresh);
    TreeMap<String, BigDecimal> balances = new TreeMap<>();
    TreeSet<String> currencies = new TreeSet<>(debits.keySet());
    currencies.addAll(credits.keySet());
    for (String c : currencies) {
      balances.put(
          c,
          debits
              .getOrDefault(c, BigDecimal.ZERO)
              .subtract(credits.getOrDefault(c, BigDecimal.ZERO)));
    }
    Instant first = null;
    Instant last = null;
    boolean matching = !rules.settling().isEmpty();
    TreeMap<String, Settlement> settlement = new TreeMap<>();
    for (Line l : lines) {
      if (!Event.MATCH_SOURCE.equals(l.source())) {
        first = first == null ? l.eventTime() : first;
        last = l.eventTime();
        if (matching && MatchInputs.isSettling(l, rules.settling())) {
          settlement.merge(
              l.currency(), new Settlement(l.amount(), BigDecimal.ZERO), Settlement::plus);
        }
      } else if (matching) {
        // a settlement is a CREDIT; its reversal (a manual unmatch) the DEBIT that takes it back
        BigDecimal settled = l.side() == Side.CREDIT ? l.amount() : l.amount().negate();
        settlement.merge(l.currency(), new Settlement(BigDecimal.ZERO, settled), Settlement::plus);
      }
    }
    if (first == null) {
      // only settlement lines (not produced by matching, which settles existing lines): all count
      first = lines.get(0).eventTime();
      last = lines.get(lines.size() - 1).eventTime();
    }
    ReconciliationArtifact next =
        new ReconciliationArtifact(
            artifactId,
            batch,
            asOf,
            StatusRule.evaluate(balances, settlement, first, asOf, rules),
            balances,
            debits,
            credits,
            lines.size(),
            first,
            last,
            lines,
            priorLocation,
            settlement);
    return new MergeResult(next, true, fresh.size(), duplicates, conflicting);
  }

  private static Map<Integer, List<StatelessArtifact.Rival>> rivalsByEvent(StatelessArtifact s) {
    if (s.rivals().isEmpty()) {
      return Map.of();
    }
    Map<Integer, List<StatelessArtifact.Rival>> out = new HashMap<>();
    for (StatelessArtifact.Rival r : s.rivals()) {
      out.computeIfAbsent(r.of(), k -> new ArrayList<>()).add(r);
    }
    return out;
  }

  private static List<Line> mergeSorted(List<Line> a, List<Line> b) {
    List<Line> out = new ArrayList<>(a.size() + b.size());
    int i = 0;
    int j = 0;
    while (i < a.size() && j < b.size()) {
      out.add(Line.ORDER.compare(a.get(i), b.get(j)) <= 0 ? a.get(i++) : b.get(j++));
    }
    while (i < a.size()) {
      out.add(a.get(i++));
    }
    while (j < b.size()) {
      out.add(b.get(j++));
    }
    return out;
  }
}
