package dev.recon.core.match;

import dev.recon.core.contract.StateManifest;
import dev.recon.core.error.ObjectNotFoundException;
import dev.recon.core.layout.Layout;
import dev.recon.core.port.ObjectInfo;
import dev.recon.core.port.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Reads what the matching stage committed under {@code match/} (one tenant's view of the store):
 * which batches matched, each batch's decisions, and the latest state. Only batches whose manifest
 * exists count, so a stage cut off half way is never read.
 */
public final class MatchBook {
  private final ObjectStore store;

  public MatchBook(ObjectStore store) {
    this.store = store;
  }

  /** The latest committed matching: its manifest, state, rule set and the batch's asOf. */
  public record Latest(
      MatchCodec.Manifest manifest, MatchStep.State state, RuleSet rules, Instant asOf) {
    /** The time to age open items at: the one asked for, else the batch's asOf, else now. */
    public Instant asOfOr(Instant asked) {
      if (asked != null) {
        return asked;
      }
      return asOf != null ? asOf : Instant.now();
    }
  }

  /** The stateful batches whose matching is committed, ascending. */
  public TreeSet<Long> batches() {
    TreeSet<Long> out = new TreeSet<>();
    for (ObjectInfo o : store.list(Layout.MATCH)) {
      String k = o.key();
      if (!k.endsWith("/" + Layout.MANIFEST)) {
        continue;
      }
      String seq = k.substring(Layout.MATCH.length(), k.length() - Layout.MANIFEST.length() - 1);
      try {
        out.add(Long.parseLong(seq));
      } catch (NumberFormatException e) {
        // not a batch folder
      }
    }
    return out;
  }

  /** The latest batch before {@code n} whose matching is committed (0: none). */
  public long before(long n) {
    Long m = batches().lower(n);
    return m == null ? 0 : m;
  }

  /** Batch N's committed matching manifest, if any. */
  public Optional<MatchCodec.Manifest> manifest(long n) {
    try {
      return Optional.of(MatchCodec.decodeManifest(store.get(Layout.matchManifest(n))));
    } catch (ObjectNotFoundException e) {
      return Optional.empty();
    }
  }

  /** Every decision of batch N, in the order written (by eventId). */
  public void forEachDecision(long n, Consumer<MatchCodec.Decided> each) {
    new String(store.get(Layout.matchResults(n)), StandardCharsets.UTF_8)
        .lines()
        .filter(l -> !l.isEmpty())
        .map(l -> MatchCodec.decodeDecided(l.getBytes(StandardCharsets.UTF_8)))
        .forEach(each);
  }

  /**
   * The latest decision about every statement line ever decided, by eventId: a line retried in
   * later batches shows what the last of them decided. Reads every matched batch's results (an
   * export, not a lookup).
   */
  public SortedMap<String, MatchCodec.Decided> latestDecisions() {
    TreeMap<String, MatchCodec.Decided> out = new TreeMap<>();
    for (long n : batches()) {
      forEachDecision(n, d -> out.put(d.line().eventId(), d));
    }
    return out;
  }

  /** The state, rule set and asOf of the latest committed matching, if any batch matched. */
  public Optional<Latest> latest() {
    TreeSet<Long> all = batches();
    if (all.isEmpty()) {
      return Optional.empty();
    }
    long n = all.last();
    MatchCodec.Manifest m = manifest(n).orElseThrow();
    MatchStep.State state = MatchCodec.decodeState(store.get(Layout.matchState(n)));
    RuleSet rules = RuleSets.load(store, m.rules()).rules();
    Instant asOf = StateManifest.read(store, n).map(StateManifest::asOf).orElse(null);
    return Optional.of(new Latest(m, state, rules, asOf));
  }
}
