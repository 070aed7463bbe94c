package dev.recon.backlog;

import dev.recon.core.error.LedgerConflictException;
import dev.recon.core.layout.Layout;
import dev.recon.core.layout.LedgerNames;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.port.BatchLedger;
import dev.recon.core.port.ObjectInfo;
import dev.recon.core.port.ObjectStore;
import dev.recon.core.quarantine.RedriveOf;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Registers landed input batches in the ledger: from S3 event notifications ({@link #register}) and
 * from a periodic listing sweep ({@link #sweep}) that catches any notification that was lost.
 *
 * <p>Registration is idempotent: an INPUT record is created only if absent (conditional create), so
 * a notification delivered twice, or a sweep racing a notification, registers an input once. A new
 * INPUT record is INITIATED (pending) with attributes {@code windowStart}/{@code windowEnd} ({@link
 * InputWindow}) and counts {@code bytes} (stored size) and {@code events} (an {@link
 * EventEstimate}). Its sequence is its registration number ({@code nextSequence("input")}): the
 * total order of inputs, in which the planner applies them and in which, among copies of one event,
 * the first copy wins. Keys handed in together are registered in the order given (a sweep: listing
 * order).
 *
 * <p>Objects that cannot be inputs are reported, never silently skipped: keys outside {@code
 * input/}, names not ending in {@code .jsonl} or {@code .jsonl.gz}, keys with control characters,
 * objects with no determinable window. They are not registered (a sweep reports them again until
 * someone moves them away).
 */
public final class InputRegistry {
  private final BatchLedger ledger;
  private final ObjectStore store;
  private final Clock clock;
  private final EventEstimate estimate;

  public InputRegistry(BatchLedger ledger, ObjectStore store, Clock clock, EventEstimate estimate) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.estimate = Objects.requireNonNull(estimate, "estimate");
  }

  /** What a registration did with each key it was given. */
  public record Registration(
      List<String> registered, List<String> alreadyRegistered, List<Rejected> rejected) {
    public Registration {
      registered = List.copyOf(registered);
      alreadyRegistered = List.copyOf(alreadyRegistered);
      rejected = List.copyOf(rejected);
    }
  }

  /** A key that is not registered, and why. */
  public record Rejected(String key, String reason) {}

  /** Registers the given keys (relative to the environment prefix), e.g. from notifications. */
  public Registration register(Collection<String> keys) {
    List<String> registered = new ArrayList<>();
    List<String> already = new ArrayList<>();
    List<Rejected> rejected = new ArrayList<>();
    for (String key : new LinkedHashSet<>(keys)) {
      String problem = keyProblem(key);
      if (problem != null) {
        rejected.add(new Rejected(key, problem));
        continue;
      }
      if (ledger.get(BatchKind.INPUT, key).isPresent()) {
        already.add(key);
        continue;
      }
      ObjectInfo info = store.head(key).orElse(null);
      if (info == null) {
        rejected.add(new Rejected(key, "no such object (deleted after it was announced?)"));
        continue;
      }
      registerOne(info, registered, already, rejected);
    }
    return new Registration(registered, already, rejected);
  }

  /** Lists {@code input/} and registers every object the ledger does not know yet. */
  public Registration sweep() {
    Set<String> known = new HashSet<>();
    for (LedgerRecord r : ledger.list(BatchKind.INPUT)) {
      known.add(r.id());
    }
    List<String> registered = new ArrayList<>();
    List<String> already = new ArrayList<>();
    List<Rejected> rejected = new ArrayList<>();
    for (ObjectInfo o : store.list(Layout.INPUT)) {
      if (known.contains(o.key())) {
        continue;
      }
      String problem = keyProblem(o.key());
      if (problem != null) {
        rejected.add(new Rejected(o.key(), problem));
        continue;
      }
      // Listings carry no user metadata: head for the window.
      ObjectInfo info = store.head(o.key()).orElse(null);
      if (info == null) {
        rejected.add(new Rejected(o.key(), "no such object (deleted during the sweep?)"));
        continue;
      }
      registerOne(info, registered, already, rejected);
    }
    return new Registration(registered, already, rejected);
  }

  private void registerOne(
      ObjectInfo info, List<String> registered, List<String> already, List<Rejected> rejected) {
    InputWindow window;
    try {
      window = InputWindow.of(info.key(), info.metadata());
    } catch (IllegalArgumentException e) {
      rejected.add(new Rejected(info.key(), e.getMessage()));
      return;
    }
    if (ledger.get(BatchKind.INPUT, info.key()).isPresent()) {
      already.add(info.key());
      return;
    }
    RedriveOf redrive;
    try {
      redrive = RedriveOf.fromMetadata(info.metadata()).orElse(null);
      if (redrive != null) {
        markRedriven(redrive, info.key());
      }
    } catch (IllegalArgumentException e) {
      rejected.add(new Rejected(info.key(), e.getMessage()));
      return;
    }
    String pinned = info.metadata().get(Layout.META_CONFIG_VERSION);
    if (pinned != null && !pinned.matches("[0-9]{1,18}")) {
      rejected.add(
          new Rejected(
              info.key(),
              Layout.META_CONFIG_VERSION
                  + " must be a configuration version number, not "
                  + pinned));
      return;
    }
    // A number lost to a crash or a lost race leaves a gap, never a tie: the order stays total.
    long order = ledger.nextSequence(LedgerNames.COUNTER_INPUT);
    Map<String, String> attributes = new TreeMap<>();
    attributes.put(LedgerNames.WINDOW_START, window.start().toString());
    attributes.put(LedgerNames.WINDOW_END, window.end().toString());
    if (redrive != null) {
      attributes.putAll(redrive.attributes());
    }
    if (pinned != null) {
      attributes.put(LedgerNames.CONFIG_VERSION, Long.toString(Long.parseLong(pinned)));
    }
    LedgerRecord r =
        LedgerRecord.create(
                BatchKind.INPUT, info.key(), order, BatchStatus.INITIATED, clock.instant())
            .withAttributes(attributes)
            .withCounts(
                Map.of(
                    LedgerNames.BYTES, info.size(),
                    LedgerNames.EVENTS, estimate.events(info.key(), info.size())));
    try {
      ledger.create(r);
      registered.add(info.key());
    } catch (LedgerConflictException e) {
      already.add(info.key());
    }
  }

  /**
   * A redrive input replaces quarantined lines of a succeeded stateless batch: the batch must
   * exist, have succeeded (its quarantine is final) and hold every position named. The batch's
   * record lists the input in {@link LedgerNames#REDRIVEN_BY} before the input is registered, so a
   * crash in between leaves a mark the next registration keeps (it is added once), never an input
   * that its batch does not name.
   *
   * @throws IllegalArgumentException why the redrive is refused (the key is rejected)
   */
  private void markRedriven(RedriveOf redrive, String key) {
    String id = Layout.seq(redrive.batch());
    for (int attempt = 1; ; attempt++) {
      LedgerRecord s =
          ledger
              .get(BatchKind.STATELESS, id)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          Layout.META_REDRIVE_OF
                              + " "
                              + redrive.batch()
                              + ": no such stateless batch"));
      if (s.status() != BatchStatus.SUCCESS) {
        throw new IllegalArgumentException(
            Layout.META_REDRIVE_OF
                + " "
                + redrive.batch()
                + ": the stateless batch is "
                + s.status()
                + ", not SUCCESS (its quarantine is not final)");
      }
      long quarantined = s.count(LedgerNames.QUARANTINED);
      long highest = redrive.lines() == null ? 1 : redrive.lines().max();
      if (highest > quarantined) {
        throw new IllegalArgumentException(
            Layout.META_REDRIVE_OF
                + " "
                + redrive.batch()
                + ": it quarantined "
                + quarantined
                + " lines, the redrive names line "
                + highest);
      }
      List<String> by = new ArrayList<>(InputLists.decode(s.attribute(LedgerNames.REDRIVEN_BY)));
      if (by.contains(key)) {
        return;
      }
      by.add(key);
      try {
        // the batch's timings stay as they were: only the audit mark is added
        ledger.update(s.withAttributes(Map.of(LedgerNames.REDRIVEN_BY, InputLists.encode(by))));
        return;
      } catch (LedgerConflictException e) {
        if (attempt >= 5) {
          throw e;
        }
      }
    }
  }

  /** Null when {@code key} can be an input batch, else why not. */
  static String keyProblem(String key) {
    if (key == null || !key.startsWith(Layout.INPUT)) {
      return "not under " + Layout.INPUT;
    }
    if (!(key.endsWith(".jsonl") || key.endsWith(".jsonl.gz"))) {
      return "not a .jsonl or .jsonl.gz object";
    }
    for (int i = 0; i < key.length(); i++) {
      if (Character.isISOControl(key.charAt(i))) {
        return "key has a control character";
      }
    }
    return null;
  }
}
