package dev.recon.core.config;

import dev.recon.core.error.LedgerConflictException;
import dev.recon.core.error.ReconException;
import dev.recon.core.layout.Layout;
import dev.recon.core.layout.LedgerNames;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.port.BatchLedger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A tenant's versioned, audited configuration, kept in its (tenant-scoped) ledger, where the
 * backlog manager reads it each cycle — no redeploy to change it (DESIGN §10).
 *
 * <p>Records of kind {@link BatchKind#CONFIG}: {@code seq(V)} for each version V ≥ 1, created once
 * and never changed (every value of V, who made it, when, and what changed from V−1 as {@code old →
 * new}); and {@code current}, the pointer, whose sequence is the current version. Version 0 is
 * "nothing set": every value is the deployment's; it is not stored.
 *
 * <p>{@link #set} is optimistic: the caller names the version its change is based on; the new
 * version's record is created only if it does not exist ({@code seq(base+1)}), then the pointer is
 * moved conditionally on the revision read. A stale writer (one that read an older version) loses
 * the create or the pointer update and gets a {@link StaleConfigException}; nothing it wrote
 * becomes current. A writer that died between the two writes left a version that is not current:
 * the next {@link #set} completes that change (moves the pointer to it, as its author meant) and
 * refuses its own as stale, so the caller re-reads and decides.
 */
public final class TenantConfigs {
  /** The pointer record's id. */
  public static final String CURRENT = "current";

  public static final String ACTOR = "actor";
  public static final String CHANGES = "changes";

  private final BatchLedger ledger;
  private final Clock clock;

  /**
   * @param ledger the tenant's view of the ledger ({@code Tenants.scope})
   */
  public TenantConfigs(BatchLedger ledger, Clock clock) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public TenantConfigs(BatchLedger ledger) {
    this(ledger, Clock.systemUTC());
  }

  /** A configuration set by a caller that had read an older version. */
  public static final class StaleConfigException extends LedgerConflictException {
    private final long current;

    public StaleConfigException(String message, long current) {
      super(message);
      this.current = current;
    }

    /** The version that is current now. */
    public long current() {
      return current;
    }
  }

  /**
   * One version: its number, values, author, time and changes ({@code name → "old → new"}). Version
   * 0 has no author, the epoch as its time and no changes.
   */
  public record Version(
      long version,
      TenantConfig config,
      String actor,
      Instant at,
      SortedMap<String, String> changes)
      implements java.io.Serializable {
    public static final Version NONE =
        new Version(0, TenantConfig.NONE, null, Instant.EPOCH, new TreeMap<>());

    public Version {
      Objects.requireNonNull(config, "config");
      changes = Collections.unmodifiableSortedMap(new TreeMap<>(changes));
    }
  }

  /** The current version (version 0 when nothing was ever set). */
  public Version current() {
    Optional<LedgerRecord> pointer = ledger.get(BatchKind.CONFIG, CURRENT);
    if (pointer.isEmpty()) {
      return Version.NONE;
    }
    return version(pointer.get().sequence())
        .orElseThrow(
            () ->
                new ReconException(
                    "the configuration pointer names version "
                        + pointer.get().sequence()
                        + ", which is missing"));
  }

  /** Version {@code v} (0: nothing set), empty when there is no such version. */
  public Optional<Version> version(long v) {
    if (v == 0) {
      return Optional.of(Version.NONE);
    }
    if (v < 0) {
      return Optional.empty();
    }
    return ledger.get(BatchKind.CONFIG, Layout.seq(v)).map(TenantConfigs::decode);
  }

  /**
   * The version a batch record names ({@link LedgerNames#CONFIG_VERSION}; absent: 0, a batch from
   * before configurations). A named version that is missing fails loudly: running it with other
   * values would silently change what the batch means.
   */
  public Version ofBatch(LedgerRecord batch) {
    long v = versionOf(batch);
    return version(v)
        .orElseThrow(
            () ->
                new ReconException(
                    batch.kind()
                        + " batch "
                        + batch.sequence()
                        + " names configuration version "
                        + v
                        + ", which does not exist"));
  }

  /** The version number on a record, 0 when it names none. */
  public static long versionOf(LedgerRecord record) {
    String v = record.attribute(LedgerNames.CONFIG_VERSION);
    return v == null || v.isEmpty() ? 0 : Long.parseLong(v);
  }

  /**
   * The version number on a record for display: 0 when it names none, empty when the ledger holds
   * something that is not a number (shown as unknown by a report rather than failing it; {@link
   * #ofBatch} still fails loudly for a batch that is run).
   */
  public static Optional<Long> shownVersionOf(LedgerRecord record) {
    try {
      return Optional.of(versionOf(record));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Every stored version, oldest first (version 0 not included). */
  public List<Version> history() {
    List<Version> out = new ArrayList<>();
    for (LedgerRecord r : ledger.list(BatchKind.CONFIG)) {
      if (!CURRENT.equals(r.id())) {
        out.add(decode(r));
      }
    }
    out.sort(java.util.Comparator.comparingLong(Version::version));
    return out;
  }

  /**
   * Makes version {@code base + 1}: version {@code base}'s values with every value {@code changes}
   * sets replaced, by {@code actor}, now.
   *
   * @throws StaleConfigException when {@code base} is no longer the current version
   * @throws IllegalArgumentException when nothing would change
   */
  public Version set(long base, TenantConfig changes, String actor) {
    Objects.requireNonNull(changes, "changes");
    if (actor == null || actor.isBlank()) {
      throw new IllegalArgumentException("a configuration change needs an actor");
    }
    Optional<LedgerRecord> pointer = ledger.get(BatchKind.CONFIG, CURRENT);
    long current = pointer.map(LedgerRecord::sequence).orElse(0L);
    if (current != base) {
      throw stale(base, current);
    }
    Version before =
        version(current)
            .orElseThrow(
                () -> new ReconException("configuration version " + current + " is missing"));
    TenantConfig next = before.config().with(changes);
    SortedMap<String, String> diff = before.config().changesTo(next);
    if (diff.isEmpty()) {
      throw new IllegalArgumentException(
          "nothing to change: version " + current + " already has these values");
    }
    long v = current + 1;
    Instant now = clock.instant();
    TreeMap<String, String> attributes = new TreeMap<>(next.toAttributes());
    attributes.put(ACTOR, actor);
    attributes.put(CHANGES, encode(diff));
    LedgerRecord record =
        LedgerRecord.create(BatchKind.CONFIG, Layout.seq(v), v, BatchStatus.SUCCESS, now)
            .withAttributes(attributes);
    try {
      ledger.create(record);
    } catch (LedgerConflictException exists) {
      completeInterrupted(pointer, v);
      throw stale(base, v);
    }
    LedgerRecord moved =
        pointer
            .map(
                p ->
                    new LedgerRecord(
                        p.kind(),
                        p.id(),
                        v,
                        p.status(),
                        p.createdAt(),
                        now,
                        p.counts(),
                        p.attributes(),
                        p.revision()))
            .orElse(LedgerRecord.create(BatchKind.CONFIG, CURRENT, v, BatchStatus.SUCCESS, now));
    try {
      if (pointer.isPresent()) {
        ledger.update(moved);
      } else {
        ledger.create(moved);
      }
    } catch (LedgerConflictException lost) {
      // Only a writer that found our version not yet current moves the pointer meanwhile, and it
      // moves it to our version: ours is current unless the pointer says otherwise.
      long now2 = ledger.get(BatchKind.CONFIG, CURRENT).map(LedgerRecord::sequence).orElse(0L);
      if (now2 != v) {
        throw stale(base, now2);
      }
    }
    return decode(record);
  }

  /**
   * Version {@code v} exists but the pointer still names {@code v − 1}: its writer died between its
   * two writes. Move the pointer to it (what that writer meant); losing this race is fine.
   */
  private void completeInterrupted(Optional<LedgerRecord> pointer, long v) {
    Instant now = clock.instant();
    try {
      if (pointer.isPresent()) {
        LedgerRecord p = pointer.get();
        ledger.update(
            new LedgerRecord(
                p.kind(),
                p.id(),
                v,
                p.status(),
                p.createdAt(),
                now,
                p.counts(),
                p.attributes(),
                p.revision()));
      } else {
        ledger.create(LedgerRecord.create(BatchKind.CONFIG, CURRENT, v, BatchStatus.SUCCESS, now));
      }
    } catch (LedgerConflictException other) {
      // Someone else moved it: the version is current or superseded either way.
    }
  }

  private static StaleConfigException stale(long base, long current) {
    return new StaleConfigException(
        "the configuration changed since version "
            + base
            + " was read (version "
            + current
            + " exists now): read it again and decide",
        current);
  }

  private static Version decode(LedgerRecord r) {
    return new Version(
        r.sequence(),
        TenantConfig.fromAttributes(r.attributes()),
        r.attribute(ACTOR),
        r.createdAt(),
        decodeChanges(r.attribute(CHANGES)));
  }

  private static String encode(Map<String, String> changes) {
    StringBuilder b = new StringBuilder();
    changes.forEach((k, v) -> b.append(k).append(": ").append(v).append('\n'));
    return b.toString();
  }

  private static SortedMap<String, String> decodeChanges(String text) {
    SortedMap<String, String> out = new TreeMap<>();
    if (text == null) {
      return out;
    }
    for (String line : text.split("\n")) {
      int colon = line.indexOf(": ");
      if (colon > 0) {
        out.put(line.substring(0, colon), line.substring(colon + 2));
      }
    }
    return out;
  }
}
