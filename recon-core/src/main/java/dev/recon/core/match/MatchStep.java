package dev.recon.core.match;

import dev.recon.core.model.Event;
import dev.recon.core.model.Side;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One stateful batch's matching (DESIGN §9) as a pure function of what came before it: the state
 * after the previous batch that matched, the batch's new statement lines and new settling lines,
 * and the rule set recorded for the batch. No clock, no store: the same arguments give the same
 * outcome, so a rerun or a replay matches exactly as the original run did.
 *
 * <p><b>What it keeps</b> ({@link State}): the open settling lines (not yet settled), the open
 * statement lines (UNMATCHED or SUGGESTED, retried every batch) and, for every statement line ever
 * accepted, a hash of its content, so a statement line sent again in a later batch (a re-sent
 * statement file, a replayed window) is a duplicate and never settles a second line, and a
 * different line under a known eventId is a conflict, never applied.
 *
 * <p><b>What it emits</b> for each MATCHED statement line: one <b>settlement instruction</b> per
 * settled line ({@link #instruction}), an event keyed by the settled line's artifact that the next
 * cycle applies through the reducer and the processor like any event — exactly once by its eventId,
 * derived from the settled line's (a settling line is settled at most once), visible in the
 * artifact's history, never changing its debits, credits or balances.
 */
public final class MatchStep {
  /** The source of every instruction event matching emits; input from elsewhere may not use it. */
  public static final String INSTRUCTION_SOURCE =
      dev.recon.core.rules.EventValidator.RESERVED_SOURCE;

  /** The type of a settlement instruction. */
  public static final String SETTLEMENT = "SETTLEMENT";

  public static final String ATTR_RULE = "rule";
  public static final String ATTR_SCORE = "score";
  public static final String ATTR_STATEMENT_LINES = "statementLines";
  public static final String ATTR_STATEMENT_AMOUNT = "statementAmount";
  public static final String ATTR_SETTLED_LINE = "settledLine";
  public static final String ATTR_SETTLED_AMOUNT = "settledAmount";
  public static final String ATTR_MATCH_BATCH = "matchBatch";

  private MatchStep() {}

  /** A statement line still open, with the batch that first saw it and its latest decision. */
  public record OpenExternal(ExternalLine line, long firstBatch, MatchResult last) {
    public OpenExternal {
      Objects.requireNonNull(line, "line");
      Objects.requireNonNull(last, "last");
    }
  }

  /**
   * What matching knows after batch {@code batch} (0: nothing matched yet).
   *
   * @param seen eventId → content hash ({@link #contentHash}) of every statement line accepted
   */
  public record State(
      long batch,
      List<SettlingLine> openSettling,
      List<OpenExternal> openExternal,
      SortedMap<String, String> seen) {
    public static final State EMPTY = new State(0, List.of(), List.of(), new TreeMap<>());

    public State {
      openSettling =
          openSettling.stream().sorted(Comparator.comparing(SettlingLine::eventId)).toList();
      openExternal =
          openExternal.stream()
              .sorted(Comparator.comparing((OpenExternal o) -> o.line().eventId()))
              .toList();
      seen = Collections.unmodifiableSortedMap(new TreeMap<>(seen));
    }
  }

  /**
   * A statement line that was not matched because it repeats or contradicts one already accepted.
   *
   * @param conflict true when its content differs from the accepted line's (never applied; the
   *     caller quarantines it), false for an exact copy (dropped)
   */
  public record Rejected(ExternalLine line, boolean conflict) {}

  /**
   * The outcome of one batch.
   *
   * @param decisions one per statement line decided in this batch (new and retried), by eventId
   * @param instructions the settlement instructions of the MATCHED ones, by eventId
   */
  public record Outcome(
      State next, List<MatchResult> decisions, List<Event> instructions, List<Rejected> rejected) {}

  /**
   * Matches batch {@code batch}.
   *
   * @param previous the state after the latest earlier batch that matched
   * @param newExternal the batch's accepted statement lines, in input order (within it, the first
   *     line of an eventId wins, as for internal lines)
   * @param newSettling the batch's settling lines accepted for the first time (each artifact's new
   *     lines of a settling type and side)
   */
  public static Outcome run(
      State previous,
      long batch,
      RuleSet rules,
      List<ExternalLine> newExternal,
      List<SettlingLine> newSettling) {
    if (batch <= previous.batch()) {
      throw new IllegalArgumentException(
          "batch " + batch + " does not follow the matching state of batch " + previous.batch());
    }
    OpenItems open = new OpenItems(previous.openSettling());
    for (SettlingLine s : newSettling) {
      if (!open.contains(s.eventId())) {
        open.add(s);
      }
    }
    TreeMap<String, String> seen = new TreeMap<>(previous.seen());
    Map<String, OpenExternal> pending = new LinkedHashMap<>();
    for (OpenExternal o : previous.openExternal()) {
      pending.put(o.line().eventId(), o);
    }
    List<Rejected> rejected = new ArrayList<>();
    for (ExternalLine e : newExternal) {
      String hash = contentHash(e);
      String known = seen.get(e.eventId());
      if (known != null) {
        rejected.add(new Rejected(e, !known.equals(hash)));
        continue;
      }
      seen.put(e.eventId(), hash);
      pending.put(e.eventId(), new OpenExternal(e, batch, MatchResult.unmatched(e.eventId())));
    }
    List<ExternalLine> toDecide = pending.values().stream().map(OpenExternal::line).toList();
    List<MatchResult> decisions = new Matcher(rules).match(toDecide, open);

    List<OpenExternal> stillOpen = new ArrayList<>();
    List<Event> instructions = new ArrayList<>();
    Set<Candidate> emitted = new HashSet<>();
    Map<String, ExternalLine> byId = new TreeMap<>();
    toDecide.forEach(l -> byId.put(l.eventId(), l));
    Map<String, SettlingLine> settling = new HashMap<>();
    previous.openSettling().forEach(l -> settling.put(l.eventId(), l));
    newSettling.forEach(l -> settling.putIfAbsent(l.eventId(), l));
    for (MatchResult r : decisions) {
      OpenExternal o = pending.get(r.eventId());
      if (r.status() == MatchStatus.MATCHED) {
        if (emitted.add(r.match())) {
          instructions.addAll(instructions(batch, r, byId, settling));
        }
      } else {
        stillOpen.add(new OpenExternal(o.line(), o.firstBatch(), r));
      }
    }
    instructions.sort(Comparator.comparing(Event::eventId));
    return new Outcome(
        new State(batch, open.all(), stillOpen, seen), decisions, instructions, rejected);
  }

  private static List<Event> instructions(
      long batch,
      MatchResult r,
      Map<String, ExternalLine> external,
      Map<String, SettlingLine> settling) {
    Candidate c = r.match();
    List<ExternalLine> lines = c.externalEventIds().stream().map(external::get).toList();
    List<Event> out = new ArrayList<>();
    for (String settled : c.settledEventIds()) {
      out.add(instruction(batch, r, c, lines, settling.get(settled)));
    }
    return out;
  }

  /**
   * The settlement instruction for one settled line of a MATCHED candidate: keyed by that line's
   * artifact, at the newest value date among the statement lines, with the rule, score, statement
   * lines and amounts as attributes.
   */
  static Event instruction(
      long batch, MatchResult r, Candidate c, List<ExternalLine> lines, SettlingLine settled) {
    Instant at = lines.stream().map(ExternalLine::eventTime).max(Comparator.naturalOrder()).get();
    TreeMap<String, String> attributes = new TreeMap<>();
    attributes.put(ATTR_RULE, r.rule());
    attributes.put(ATTR_SCORE, r.score().toPlainString());
    attributes.put(ATTR_STATEMENT_LINES, String.join(" ", c.externalEventIds()));
    attributes.put(ATTR_STATEMENT_AMOUNT, c.externalAmount().toPlainString());
    attributes.put(ATTR_SETTLED_LINE, settled.eventId());
    attributes.put(ATTR_SETTLED_AMOUNT, c.settledAmount().toPlainString());
    attributes.put(ATTR_MATCH_BATCH, Long.toString(batch));
    return new Event(
        instructionId(settled.eventId()),
        settled.artifactId(),
        at,
        SETTLEMENT,
        Side.CREDIT,
        settled.amount(),
        settled.currency(),
        INSTRUCTION_SOURCE,
        c.externalEventIds().get(0),
        attributes);
  }

  /**
   * The eventId of the instruction settling line {@code settledEventId}: {@code settle:} and the
   * id, or, when that would pass the 128-code-point id limit, {@code settle#} and the SHA-256 of
   * the id (64 hex) — deterministic either way, so a rerun emits the same id.
   */
  public static String instructionId(String settledEventId) {
    String plain = "settle:" + settledEventId;
    if (plain.codePointCount(0, plain.length()) <= 128) {
      return plain;
    }
    return "settle#" + sha256(settledEventId);
  }

  /** A hash of what a statement line says (every field), to tell a copy from a conflict. */
  public static String contentHash(ExternalLine e) {
    String text =
        String.join(
            "\u0000",
            e.eventId(),
            e.source(),
            e.amount().toPlainString(),
            e.currency(),
            e.eventTime().toString(),
            e.reference());
    return sha256(text).substring(0, 32);
  }

  private static String sha256(String s) {
    return RuleSets.sha256(s.getBytes(StandardCharsets.UTF_8));
  }
}
