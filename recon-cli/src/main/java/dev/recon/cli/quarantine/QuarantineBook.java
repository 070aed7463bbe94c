package dev.recon.cli.quarantine;

import dev.recon.core.contract.CountNames;
import dev.recon.core.contract.LedgerInputs;
import dev.recon.core.layout.Layout;
import dev.recon.core.layout.LedgerNames;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.model.QuarantineReason;
import dev.recon.core.model.QuarantineRecord;
import dev.recon.core.port.BatchLedger;
import dev.recon.core.port.ObjectStore;
import dev.recon.core.quarantine.InputLines;
import dev.recon.core.quarantine.QuarantineReader;
import dev.recon.core.quarantine.RedriveOf;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The quarantine of the stateless batches, as the operator sees it: each quarantined line with its
 * place in its batch's listing and the audit links of redrives (which redrive inputs replace it;
 * which original line a redriven line replaces). Over the ports only (the object store and the
 * ledger a command's session hands out), so it serves any session the commands open.
 */
public final class QuarantineBook {
  /** One quarantined line and its redrive links. */
  public record Entry(
      BatchKind kind,
      long batch,
      long position,
      QuarantineRecord record,
      List<RedrivenBy> redrivenBy,
      Replaces replaces) {}

  /** A redrive input that replaces this line, with the line of that input that does. */
  public record RedrivenBy(String input, long line, boolean registered) {}

  /** The quarantined line a line of a redrive input replaces: stateless batch and position. */
  public record Replaces(long batch, long position) {}

  /** A redrive input of a batch and what it replaces (null when its record is not there yet). */
  record Redrive(String input, RedriveOf of, boolean registered) {}

  private final ObjectStore store;
  private final BatchLedger ledger;

  public QuarantineBook(ObjectStore store, BatchLedger ledger) {
    this.store = store;
    this.ledger = ledger;
  }

  /** The stateless batch's record, when the batch exists. */
  public Optional<LedgerRecord> batch(long s) {
    return ledger.get(BatchKind.STATELESS, Layout.seq(s));
  }

  /**
   * The succeeded stateful batches that quarantined lines, oldest first: conflicting duplicates of
   * their merge, or statement lines their matching stage found re-sent with other content (counted
   * in the match manifest, not in the ledger: the stage runs after the batch committed).
   */
  public List<Long> statefulBatchesWithQuarantine() {
    List<Long> out = new ArrayList<>();
    dev.recon.core.match.MatchBook matching = new dev.recon.core.match.MatchBook(store);
    java.util.Set<Long> matched = matching.batches(); // one listing, then the manifests named
    for (LedgerRecord r : ledger.list(BatchKind.STATEFUL)) {
      if (r.status() != BatchStatus.SUCCESS) {
        continue;
      }
      if (r.count(CountNames.PROCESS_PREFIX + CountNames.QUARANTINED) > 0
          || (matched.contains(r.sequence())
              && matching
                      .manifest(r.sequence())
                      .map(
                          m -> m.count(dev.recon.core.match.MatchCodec.CONFLICTING_STATEMENT_LINES))
                      .orElse(0L)
                  > 0)) {
        out.add(r.sequence());
      }
    }
    return out;
  }

  /**
   * Streams the conflicting duplicates stateful batch {@code n} quarantined (they name the input
   * objects and lines they were read from; they are not redriven: a fix is a new event).
   */
  public long forEachStateful(long n, QuarantineReason reason, Consumer<Entry> sink) {
    long count = 0;
    try (QuarantineReader reader = QuarantineReader.stateful(store, n)) {
      while (reader.hasNext()) {
        QuarantineReader.Positioned p = reader.next();
        if (reason != null && p.record().reason() != reason) {
          continue;
        }
        sink.accept(new Entry(BatchKind.STATEFUL, n, p.position(), p.record(), List.of(), null));
        count++;
      }
    }
    return count;
  }

  /** The succeeded stateless batches that quarantined anything, oldest first. */
  public List<Long> batchesWithQuarantine() {
    List<Long> out = new ArrayList<>();
    for (LedgerRecord r : ledger.list(BatchKind.STATELESS)) {
      if (r.status() == BatchStatus.SUCCESS && r.count(LedgerNames.QUARANTINED) > 0) {
        out.add(r.sequence());
      }
    }
    return out;
  }

  /**
   * Streams the entries of batch {@code s} (optionally of one reason) to {@code sink}, one record
   * held at a time; returns how many were given.
   */
  public long forEach(long s, QuarantineReason reason, Consumer<Entry> sink) {
    List<Redrive> redrives = redrivesOf(s);
    Map<String, Optional<RedriveOf>> inputRedrive = new HashMap<>();
    long n = 0;
    try (QuarantineReader reader = new QuarantineReader(store, s)) {
      while (reader.hasNext()) {
        QuarantineReader.Positioned p = reader.next();
        QuarantineRecord q = p.record();
        if (reason != null && q.reason() != reason) {
          continue;
        }
        List<RedrivenBy> by = new ArrayList<>();
        for (Redrive r : redrives) {
          long line = r.of() == null ? -1 : r.of().lineFor(p.position());
          if (line >= 1) {
            by.add(new RedrivenBy(r.input(), line, r.registered()));
          }
        }
        Optional<RedriveOf> of =
            inputRedrive.computeIfAbsent(
                q.inputObject(),
                k ->
                    ledger
                        .get(BatchKind.INPUT, k)
                        .flatMap(r -> RedriveOf.fromAttributes(r.attributes())));
        Replaces replaces = null;
        if (of.isPresent() && of.get().positionOf(q.lineNumber()) >= 1) {
          replaces = new Replaces(of.get().batch(), of.get().positionOf(q.lineNumber()));
        }
        sink.accept(
            new Entry(BatchKind.STATELESS, p.batch(), p.position(), q, List.copyOf(by), replaces));
        n++;
      }
    }
    return n;
  }

  /**
   * The redrive inputs the batch names ({@code redrivenBy}); one named but not yet registered (its
   * registration was cut short) is read from its object's metadata.
   */
  List<Redrive> redrivesOf(long s) {
    LedgerRecord batch = batch(s).orElse(null);
    if (batch == null) {
      return List.of();
    }
    List<Redrive> out = new ArrayList<>();
    for (String key : LedgerInputs.decode(batch.attribute(LedgerNames.REDRIVEN_BY))) {
      Optional<LedgerRecord> input = ledger.get(BatchKind.INPUT, key);
      RedriveOf of;
      try {
        of =
            input.isPresent()
                ? RedriveOf.fromAttributes(input.get().attributes()).orElse(null)
                : store.head(key).flatMap(i -> RedriveOf.fromMetadata(i.metadata())).orElse(null);
      } catch (IllegalArgumentException e) {
        of = null;
      }
      out.add(new Redrive(key, of, input.isPresent()));
    }
    return out;
  }

  /**
   * The exact bytes of each quarantined line of batch {@code s}, in listing order: the record's
   * text when it holds the whole line, else the line read again from its input object (an over-long
   * line, whose record keeps its first bytes; a line that is not UTF-8, whose record shows the bad
   * bytes as escapes). A line that cannot be read again (its input object is gone, or the record
   * stands for a whole unreadable object) gives the record's text and a warning.
   */
  public Iterator<byte[]> rawLines(long s, Consumer<String> warn) {
    QuarantineReader reader = new QuarantineReader(store, s);
    InputLines lines = new InputLines(store);
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        boolean more = reader.hasNext();
        if (!more) {
          reader.close();
          lines.close();
        }
        return more;
      }

      @Override
      public byte[] next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        QuarantineReader.Positioned p = reader.next();
        return raw(p, lines, warn);
      }
    };
  }

  /** Whether the record's text is the whole line, byte for byte. */
  public static boolean wholeInRecord(QuarantineRecord q) {
    return q.reason() != QuarantineReason.MALFORMED_UTF8
        && q.rawText().getBytes(StandardCharsets.UTF_8).length == q.rawLength();
  }

  private static byte[] raw(
      QuarantineReader.Positioned p, InputLines lines, Consumer<String> warn) {
    QuarantineRecord q = p.record();
    if (wholeInRecord(q)) {
      return q.rawText().getBytes(StandardCharsets.UTF_8);
    }
    try {
      byte[] line = q.lineNumber() >= 1 ? lines.line(q.inputObject(), q.lineNumber()) : null;
      if (line != null && line.length == q.rawLength()) {
        return line;
      }
      warn.accept(
          "line "
              + p.position()
              + " ("
              + q.inputObject()
              + ":"
              + q.lineNumber()
              + "): "
              + (q.lineNumber() < 1
                  ? "the record stands for a whole unreadable object"
                  : "the input object no longer holds this line")
              + "; exported the record's text instead");
    } catch (IOException | RuntimeException e) {
      warn.accept(
          "line "
              + p.position()
              + " ("
              + q.inputObject()
              + ":"
              + q.lineNumber()
              + "): cannot read the input object again ("
              + e.getMessage()
              + "); exported the record's text instead");
    }
    return q.rawText().getBytes(StandardCharsets.UTF_8);
  }
}
