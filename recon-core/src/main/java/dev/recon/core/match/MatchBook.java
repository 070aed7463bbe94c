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

  /**
   * The newest batch whose matching is committed (0: none), without listing {@code match/} when the
   * pointer {@link Layout#matchLatest} exists: the pointer, then any batch right after it whose
   * manifest exists (a stage that wrote its manifest and stopped before the pointer).
   */
  public long latestBatch() {
    Optional<Long> pointer = pointer();
    if (pointer.isEmpty()) {
      TreeSet<Long> all = batches();
      return all.isEmpty() ? 0 : all.last();
    }
    long n = pointer.get();
    while (store.head(Layout.matchManifest(n + 1)).isPresent()) {
      n++;
    }
    return n;
  }

  /**
   * Moves the pointer to {@code n} after batch {@code n}'s manifest was written, unless it already
   * names {@code n} or a later batch (a rerun of an older batch never moves it back).
   */
  public void advance(long n) {
    Optional<Long> pointer = pointer();
    if (pointer.isEmpty() || pointer.get() < n) {
      store.put(Layout.matchLatest(), (Layout.seq(n) + "\n").getBytes(StandardCharsets.UTF_8));
    }
  }

  private Optional<Long> pointer() {
    byte[] bytes;
    try {
      bytes = store.get(Layout.matchLatest());
    } catch (ObjectNotFoundException e) {
      return Optional.empty();
    }
    String text = new String(bytes, StandardCharsets.UTF_8).strip();
    return text.matches("[0-9]{1,18}") ? Optional.of(Long.parseLong(text)) : Optional.empty();
  }

  /** The latest batch before {@code n} whose matching is committed (0: none). */
  public long before(long n) {
    long latest = latestBatch();
    if (latest < n) {
      return latest;
    }
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
    long n = latestBatch();
    if (n == 0) {
      return Optional.empty();
    }
    MatchCodec.Manifest m = manifest(n).orElseThrow();
    MatchStep.State state = MatchCodec.decodeState(store.get(Layout.matchState(n)));
    RuleSet rules = RuleSets.load(store, m.rules()).rules();
    Instant asOf = StateManifest.read(store, n).map(StateManifest::asOf).orElse(null);
    return Optional.of(new Latest(m, state, rules, asOf));
  }
}
