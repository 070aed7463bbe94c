package dev.recon.processor;

import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.config.TenantConfigs;
import dev.recon.core.contract.PartFile;
import dev.recon.core.contract.PartFileStats;
import dev.recon.core.contract.StateManifest;
import dev.recon.core.contract.StatelessManifest;
import dev.recon.core.error.ReconException;
import dev.recon.core.layout.Layout;
import dev.recon.core.match.ExternalLine;
import dev.recon.core.match.ManualAction;
import dev.recon.core.match.MatchBook;
import dev.recon.core.match.MatchCodec;
import dev.recon.core.match.MatchInputs;
import dev.recon.core.match.MatchResult;
import dev.recon.core.match.MatchStatus;
import dev.recon.core.match.MatchStep;
import dev.recon.core.match.RuleSets;
import dev.recon.core.match.SettlingLine;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.Event;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.model.QuarantineReason;
import dev.recon.core.model.QuarantineRecord;
import dev.recon.core.port.BatchLedger;
import dev.recon.core.port.ObjectStore;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The matching stage (DESIGN §9): a step of the stateful processor's driver, run after batch N is
 * committed (and again, idempotently, when a committed batch is rerun). It reads
 *
 * <ul>
 *   <li>the rule set batch N recorded (through its configuration version; no rule set: no step),
 *   <li>the state left by the latest earlier batch that matched ({@code match/<M>/state.json}),
 *   <li>the statement lines the reducer routed to {@code stateless/<S>/external/} for the stateless
 *       batches N covers, in (S, part, line) order,
 *   <li>the settling lines N applied for the first time (lines of {@code state/<N>/} stamped N),
 *   <li>the manual actions ({@code recon match}, {@code unmatch}, {@code confirm}) among those
 *       statement lines' objects (events of source {@code recon.manual}),
 * </ul>
 *
 * runs the pure {@link MatchStep}, and writes {@code match/<N>/results.jsonl} (one line per
 * statement line whose decision is new or changed), {@code match/<N>/rejected.jsonl} (re-sent and
 * changed statement lines; each changed one also as a {@code CONFLICTING_DUPLICATE} quarantine
 * record of the stateful batch, {@link Layout#stateQuarantineStatementLines}, naming the stateless
 * part-file and line it was read from), {@code match/<N>/actions.jsonl} (each manual action,
 * applied or refused with the reason), {@code match/<N>/state.json}, the settlement instructions as
 * the input object {@link Layout#matchInstructions} (the next cycle applies them through the
 * reducer and the processor like any input), and {@code match/<N>/manifest.json} last. Every object
 * is a function of the committed inputs, so a rerun after a crash writes the same bytes under the
 * same keys.
 *
 * <p>Candidate lookup never scans history: the state holds only the open items, indexed in memory
 * by currency and amount per batch ({@code OpenItems}); its cost grows with the batch and the open
 * items. The settling lines are read from the batch's own part-files on the driver (the batch's
 * output, not history); a batch whose output does not fit one driver should read them on executors.
 */
public final class MatchStage {
  private static final Logger LOG = LoggerFactory.getLogger(MatchStage.class);

  public static final String STATEMENT_LINES = "statementLines";
  public static final String SETTLING_LINES = "settlingLines";
  public static final String MATCHED = "matched";
  public static final String SUGGESTED = "suggested";
  public static final String UNMATCHED = "unmatched";
  public static final String DUPLICATES = "duplicateStatementLines";
  public static final String CONFLICTS = MatchCodec.CONFLICTING_STATEMENT_LINES;
  public static final String INSTRUCTIONS = "instructions";
  public static final String OPEN_SETTLING = "openSettlingLines";
  public static final String MANUAL_APPLIED = "manualApplied";
  public static final String MANUAL_REFUSED = "manualRefused";

  /** {@code match/<N>/actions.jsonl}: the batch's manual actions, each applied or refused. */
  public static final String ACTIONS = "actions.jsonl";

  private MatchStage() {}

  /**
   * Matches committed stateful batch {@code state.batch()}; returns its manifest, or empty when the
   * batch has no rule set. A batch already matched is returned as it is.
   */
  public static Optional<MatchCodec.Manifest> run(
      ObjectStore store, BatchLedger ledger, StateManifest state) {
    long n = state.batch();
    MatchBook book = new MatchBook(store);
    Optional<MatchCodec.Manifest> done = book.manifest(n);
    if (done.isPresent()) {
      book.advance(n); // a run that stopped between its manifest and the pointer
      return done;
    }
    LedgerRecord record =
        ledger
            .get(BatchKind.STATEFUL, Layout.seq(n))
            .orElseThrow(() -> new ReconException("no stateful batch " + n + " in the ledger"));
    Optional<RuleSets.Stored> rules = RuleSets.ofBatch(new TenantConfigs(ledger), store, record);
    if (rules.isEmpty()) {
      return Optional.empty();
    }
    long previousBatch = book.before(n);
    MatchStep.State previous =
        previousBatch == 0
            ? MatchStep.State.EMPTY
            : MatchCodec.decodeState(store.get(Layout.matchState(previousBatch)));

    List<ExternalLine> external = new ArrayList<>();
    // where each statement line was read, to quarantine a conflicting copy under it
    Map<ExternalLine, QuarantineRecord> origins = new java.util.IdentityHashMap<>();
    List<ManualAction> actions = new ArrayList<>();
    for (long s = state.statelessFrom(); s <= state.statelessTo(); s++) {
      StatelessManifest m = StatelessManifest.decode(store.get(Layout.statelessManifest(s)));
      for (PartFile f : m.external()) {
        List<String> lines = lines(store.get(f.key()));
        for (int i = 0; i < lines.size(); i++) {
          byte[] raw = lines.get(i).getBytes(StandardCharsets.UTF_8);
          Event e = CanonicalJson.decodeEvent(raw);
          if (Event.MANUAL_SOURCE.equals(e.source())) {
            actions.add(ManualAction.of(e));
          } else {
            ExternalLine x = MatchInputs.external(e);
            external.add(x);
            origins.put(
                x,
                new QuarantineRecord(
                    f.key(),
                    i + 1,
                    lines.get(i),
                    raw.length,
                    QuarantineReason.CONFLICTING_DUPLICATE,
                    "stateful batch "
                        + n
                        + ": statement line "
                        + e.eventId()
                        + " was already received with different content; this copy is not"
                        + " matched"));
          }
        }
      }
    }
    List<SettlingLine> settling = new ArrayList<>();
    for (PartFileStats f : state.files()) {
      for (String line : lines(store.get(f.key()))) {
        settling.addAll(
            MatchInputs.newSettling(
                CanonicalJson.decodeArtifact(line.getBytes(StandardCharsets.UTF_8)),
                n,
                rules.get().rules().settling()));
      }
    }
    settling.sort(Comparator.comparing(SettlingLine::eventId));

    MatchStep.Outcome o =
        MatchStep.run(previous, n, rules.get().rules(), external, settling, actions);

    TreeMap<String, Long> counts = new TreeMap<>();
    counts.put(STATEMENT_LINES, (long) external.size());
    counts.put(SETTLING_LINES, (long) settling.size());
    for (MatchStatus st : MatchStatus.values()) {
      counts.put(st.name().toLowerCase(java.util.Locale.ROOT), 0L);
    }
    for (MatchResult r : o.decisions()) {
      counts.merge(r.status().name().toLowerCase(java.util.Locale.ROOT), 1L, Long::sum);
    }
    counts.put(DUPLICATES, o.rejected().stream().filter(r -> !r.conflict()).count());
    counts.put(CONFLICTS, o.rejected().stream().filter(MatchStep.Rejected::conflict).count());
    counts.put(INSTRUCTIONS, (long) o.instructions().size());
    counts.put(OPEN_SETTLING, (long) o.next().openSettling().size());
    counts.put(
        MANUAL_APPLIED, o.actions().stream().filter(MatchStep.ActionOutcome::applied).count());
    counts.put(MANUAL_REFUSED, o.actions().stream().filter(a -> !a.applied()).count());

    // results: the decisions that are new or differ from the line's last one, so a retried line
    // whose decision stands (a replay, a batch bringing nothing for it) keeps the batch that made
    // it
    Map<String, ExternalLine> decided = new java.util.HashMap<>();
    Map<String, MatchResult> before = new java.util.HashMap<>();
    for (MatchStep.OpenExternal x : previous.openExternal()) {
      decided.put(x.line().eventId(), x.line());
      before.put(x.line().eventId(), x.last());
    }
    for (MatchStep.Settled x : previous.settled()) {
      x.lines().forEach(l -> decided.put(l.eventId(), l));
    }
    external.forEach(x -> decided.putIfAbsent(x.eventId(), x));
    store.put(
        Layout.matchResults(n),
        jsonl(
            o.decisions().stream()
                .filter(r -> !r.equals(before.get(r.eventId())))
                .map(
                    r ->
                        MatchCodec.encode(
                            new MatchCodec.Decided(
                                decided.get(r.eventId()),
                                n,
                                r,
                                manual(o.decidedBy().get(r.eventId())))))
                .toList()));
    store.put(
        Layout.matchDir(n) + ACTIONS, jsonl(o.actions().stream().map(MatchStage::action).toList()));
    store.put(
        Layout.matchDir(n) + "rejected.jsonl",
        jsonl(
            o.rejected().stream()
                .map(
                    r ->
                        ("{\"eventId\":"
                                + quoted(r.line().eventId())
                                + ",\"conflict\":"
                                + r.conflict()
                                + "}")
                            .getBytes(StandardCharsets.UTF_8))
                .toList()));
    List<byte[]> conflicting =
        o.rejected().stream()
            .filter(MatchStep.Rejected::conflict)
            .map(r -> CanonicalJson.encode(origins.get(r.line())))
            .toList();
    if (!conflicting.isEmpty()) {
      store.put(Layout.stateQuarantineStatementLines(n), jsonl(conflicting));
    }
    store.put(Layout.matchState(n), newline(MatchCodec.encode(o.next())));
    String instructionsKey = null;
    if (!o.instructions().isEmpty()) {
      Instant earliest =
          o.instructions().stream().map(Event::eventTime).min(Comparator.naturalOrder()).get();
      Instant latest =
          o.instructions().stream().map(Event::eventTime).max(Comparator.naturalOrder()).get();
      instructionsKey = Layout.matchInstructions(earliest, n);
      store.put(
          instructionsKey,
          jsonl(o.instructions().stream().map(CanonicalJson::encode).toList()),
          Map.of(
              Layout.META_WINDOW_START,
              earliest.toString(),
              Layout.META_WINDOW_END,
              latest.plusMillis(1).toString()));
    }
    MatchCodec.Manifest manifest =
        new MatchCodec.Manifest(n, rules.get().key(), previousBatch, counts, instructionsKey);
    dev.recon.core.fault.CrashPoint.at(dev.recon.core.fault.CrashPoint.MATCH_BEFORE_MANIFEST);
    store.put(Layout.matchManifest(n), MatchCodec.encode(manifest));
    book.advance(n);
    LOG.info("matched batch {} with {}: {}", n, rules.get().key(), counts);
    return Optional.of(manifest);
  }

  private static MatchCodec.Manual manual(ManualAction a) {
    return a == null ? null : MatchCodec.Manual.of(a);
  }

  /** One line of {@code actions.jsonl}: the action, and whether it applied or why not. */
  private static byte[] action(MatchStep.ActionOutcome a) {
    com.fasterxml.jackson.databind.node.ObjectNode n =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    ManualAction x = a.action();
    n.put("action", x.eventId());
    n.put("kind", x.kind().name());
    n.put("line", x.line());
    if (!x.to().isEmpty()) {
      n.put("to", x.to());
    }
    if (!x.lines().isEmpty()) {
      n.put("lines", String.join(" ", x.lines()));
    }
    n.put("actor", x.actor());
    n.put("reason", x.reason());
    n.put("at", x.at().toString());
    n.put("applied", a.applied());
    if (!a.applied()) {
      n.put("refused", a.detail());
    }
    return n.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> lines(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8).lines().filter(l -> !l.isEmpty()).toList();
  }

  private static byte[] jsonl(List<byte[]> lines) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] l : lines) {
      out.writeBytes(l);
      out.write('\n');
    }
    return out.toByteArray();
  }

  private static byte[] newline(byte[] b) {
    byte[] out = java.util.Arrays.copyOf(b, b.length + 1);
    out[b.length] = '\n';
    return out;
  }

  private static String quoted(String s) {
    return new String(
            com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsUTF8(s),
            StandardCharsets.UTF_8)
        .transform(q -> "\"" + q + "\"");
  }
}
