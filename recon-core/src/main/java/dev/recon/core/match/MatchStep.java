package dev.recon.core.match;

import dev.recon.core.model.Event;
import dev.recon.core.model.Side;
import java.math.BigDecimal;
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
import java.util.Optional;
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
 *
 * <p><b>Manual actions</b> ({@link ManualAction}) apply before the rules, in input order: a MATCH
 * settles an open statement line with settling lines of the artifact the accountant names (status
 * MANUAL, rule {@value #MANUAL_RULE}); a CONFIRM applies a SUGGESTED line's only candidate (MANUAL,
 * the suggesting rule and score); an UNMATCH reverses an applied match — one reversal instruction
 * per settled line, which reopens — and holds its statement lines for a manual match, so the rules
 * never redo what the accountant undid. An action that does not apply (the line is not in the state
 * it needs, the lines are not open, the amount the actor saw is not the line's) is refused with the
 * reason and changes nothing; a re-sent action is a duplicate by its eventId. The instructions
 * carry the actor, reason and action, so the artifact's history shows who did what and why. For
 * that the state also keeps every applied match ({@link Settled}).
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
  public static final String ATTR_ACTION = "action";
  public static final String ATTR_REVERSES = "reverses";

  /** The rule named by a manual MATCH and by the decision of a line a manual UNMATCH holds. */
  public static final String MANUAL_RULE = "manual";

  private MatchStep() {}

  /**
   * A statement line still open, with the batch that first saw it and its latest decision.
   *
   * @param held true once a manual UNMATCH reopened it: automatic matching leaves it alone, only a
   *     manual MATCH settles it again (the accountant said the rules got it wrong)
   */
  public record OpenExternal(ExternalLine line, long firstBatch, MatchResult last, boolean held) {
    public OpenExternal {
      Objects.requireNonNull(line, "line");
      Objects.requireNonNull(last, "last");
    }

    public OpenExternal(ExternalLine line, long firstBatch, MatchResult last) {
      this(line, firstBatch, last, false);
    }
  }

  /**
   * An applied match (MATCHED or MANUAL), kept so that a manual UNMATCH can reverse it exactly.
   *
   * @param lines its statement lines (several for a split)
   * @param settling the settling lines it settled, as they were open
   */
  public record Settled(List<ExternalLine> lines, MatchResult result, List<SettlingLine> settling) {
    public Settled {
      lines = lines.stream().sorted(Comparator.comparing(ExternalLine::eventId)).toList();
      settling = settling.stream().sorted(Comparator.comparing(SettlingLine::eventId)).toList();
      Objects.requireNonNull(result, "result");
    }
  }

  /**
   * What matching knows after batch {@code batch} (0: nothing matched yet).
   *
   * @param seen eventId → content hash ({@link #contentHash}) of every statement line and manual
   *     action accepted
   * @param settled every applied match still standing, by its first statement line
   * @param reopened settled eventId → how many times a manual UNMATCH reopened it (its next
   *     settlement instruction needs a new eventId: {@link #instructionId(String, int)})
   */
  public record State(
      long batch,
      List<SettlingLine> openSettling,
      List<OpenExternal> openExternal,
      SortedMap<String, String> seen,
      List<Settled> settled,
      SortedMap<String, Integer> reopened) {
    public static final State EMPTY = new State(0, List.of(), List.of(), new TreeMap<>());

    public State {
      openSettling =
          openSettling.stream().sorted(Comparator.comparing(SettlingLine::eventId)).toList();
      openExternal =
          openExternal.stream()
              .sorted(Comparator.comparing((OpenExternal o) -> o.line().eventId()))
              .toList();
      seen = Collections.unmodifiableSortedMap(new TreeMap<>(seen));
      settled =
          settled.stream()
              .sorted(Comparator.comparing((Settled x) -> x.lines().get(0).eventId()))
              .toList();
      reopened = Collections.unmodifiableSortedMap(new TreeMap<>(reopened));
    }

    public State(
        long batch,
        List<SettlingLine> openSettling,
        List<OpenExternal> openExternal,
        SortedMap<String, String> seen) {
      this(batch, openSettling, openExternal, seen, List.of(), new TreeMap<>());
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
   * What became of one manual action.
   *
   * @param applied whether it changed anything
   * @param detail why not (empty when applied; {@code duplicate} for a re-sent copy)
   */
  public record ActionOutcome(ManualAction action, boolean applied, String detail) {}

  /**
   * The outcome of one batch.
   *
   * @param decisions one per statement line decided in this batch (new, retried, or changed by a
   *     manual action), by eventId
   * @param instructions the settlement (and reversal) instructions, by eventId
   * @param actions the batch's manual actions in input order, each applied or refused
   * @param decidedBy for a decision made by a manual action: that action, by statement eventId
   */
  public record Outcome(
      State next,
      List<MatchResult> decisions,
      List<Event> instructions,
      List<Rejected> rejected,
      List<ActionOutcome> actions,
      Map<String, ManualAction> decidedBy) {
    public Outcome(
        State next,
        List<MatchResult> decisions,
        List<Event> instructions,
        List<Rejected> rejected) {
      this(next, decisions, instructions, rejected, List.of(), Map.of());
    }
  }

  /** Matches batch {@code batch} without manual actions. */
  public static Outcome run(
      State previous,
      long batch,
      RuleSet rules,
      List<ExternalLine> newExternal,
      List<SettlingLine> newSettling) {
    return run(previous, batch, rules, newExternal, newSettling, List.of());
  }

  /**
   * Matches batch {@code batch}: the new statement lines join the open ones, the manual actions
   * apply in input order, then the rules decide every open line that is not held.
   *
   * @param previous the state after the latest earlier batch that matched
   * @param newExternal the batch's accepted statement lines, in input order (within it, the first
   *     line of an eventId wins, as for internal lines)
   * @param newSettling the batch's settling lines accepted for the first time (each artifact's new
   *     lines of a settling type and side)
   * @param actions the batch's manual actions, in input order
   */
  public static Outcome run(
      State previous,
      long batch,
      RuleSet rules,
      List<ExternalLine> newExternal,
      List<SettlingLine> newSettling,
      List<ManualAction> actions) {
    if (batch <= previous.batch()) {
      throw new IllegalArgumentException(
          "batch " + batch + " does not follow the matching state of batch " + previous.batch());
    }
    Run run = new Run(previous, batch);
    for (SettlingLine s : newSettling) {
      if (!run.open.contains(s.eventId())) {
        run.open.add(s);
        run.settling.putIfAbsent(s.eventId(), s);
      }
    }
    List<Rejected> rejected = new ArrayList<>();
    for (ExternalLine e : newExternal) {
      String hash = contentHash(e);
      String known = run.seen.get(e.eventId());
      if (known != null) {
        rejected.add(new Rejected(e, !known.equals(hash)));
        continue;
      }
      run.seen.put(e.eventId(), hash);
      run.pending.put(e.eventId(), new OpenExternal(e, batch, MatchResult.unmatched(e.eventId())));
    }
    List<ActionOutcome> outcomes = new ArrayList<>();
    for (ManualAction a : actions) {
      String hash = a.contentHash();
      String known = run.seen.get(a.eventId());
      if (known != null) {
        outcomes.add(
            new ActionOutcome(
                a, false, known.equals(hash) ? "duplicate" : "conflicts with an earlier eventId"));
        continue;
      }
      run.seen.put(a.eventId(), hash);
      Optional<String> problem = run.apply(a);
      outcomes.add(new ActionOutcome(a, problem.isEmpty(), problem.orElse("")));
    }

    List<ExternalLine> toDecide =
        run.pending.values().stream().filter(o -> !o.held()).map(OpenExternal::line).toList();
    List<MatchResult> automatic = new Matcher(rules).match(toDecide, run.open);
    Set<Candidate> emitted = new HashSet<>();
    for (MatchResult r : automatic) {
      OpenExternal o = run.pending.get(r.eventId());
      run.decided.put(r.eventId(), r);
      run.decidedBy.remove(r.eventId());
      if (r.status() == MatchStatus.MATCHED) {
        if (emitted.add(r.match())) {
          run.settle(r, r.match(), null);
        }
      } else {
        run.pending.put(r.eventId(), new OpenExternal(o.line(), o.firstBatch(), r));
      }
    }
    run.instructions.sort(Comparator.comparing(Event::eventId));
    State next =
        new State(
            batch,
            run.open.all(),
            new ArrayList<>(run.pending.values()),
            run.seen,
            run.settledList(),
            run.reopened);
    return new Outcome(
        next,
        new ArrayList<>(run.decided.values()),
        run.instructions,
        rejected,
        outcomes,
        Map.copyOf(run.decidedBy));
  }

  /** The mutable bookkeeping of one batch. */
  private static final class Run {
    final long batch;
    final OpenItems open;
    final TreeMap<String, String> seen;
    final Map<String, OpenExternal> pending = new LinkedHashMap<>();

    /** Applied matches by each of their statement lines. */
    final Map<String, Settled> settledBy = new HashMap<>();

    final TreeMap<String, Integer> reopened;
    final TreeMap<String, MatchResult> decided = new TreeMap<>();
    final Map<String, ManualAction> decidedBy = new HashMap<>();
    final List<Event> instructions = new ArrayList<>();

    /** Settling lines as last seen open, for building instructions. */
    final Map<String, SettlingLine> settling = new HashMap<>();

    Run(State previous, long batch) {
      this.batch = batch;
      this.open = new OpenItems(previous.openSettling());
      this.seen = new TreeMap<>(previous.seen());
      this.reopened = new TreeMap<>(previous.reopened());
      for (OpenExternal o : previous.openExternal()) {
        pending.put(o.line().eventId(), o);
      }
      for (Settled s : previous.settled()) {
        s.lines().forEach(l -> settledBy.put(l.eventId(), s));
      }
      previous.openSettling().forEach(l -> settling.put(l.eventId(), l));
    }

    List<Settled> settledList() {
      return settledBy.values().stream().distinct().toList();
    }

    /** Applies {@code a}, or says why it does not apply (then nothing changed). */
    Optional<String> apply(ManualAction a) {
      return switch (a.kind()) {
        case MATCH -> match(a);
        case CONFIRM -> confirm(a);
        case UNMATCH -> unmatch(a);
      };
    }

    private Optional<String> sameLine(ManualAction a, ExternalLine l) {
      if (!l.currency().equals(a.currency()) || l.amount().compareTo(a.amount()) != 0) {
        return Optional.of(
            "the instruction was given for "
                + a.amount().toPlainString()
                + " "
                + a.currency()
                + " but statement line "
                + l.eventId()
                + " is "
                + l.amount().toPlainString()
                + " "
                + l.currency());
      }
      return Optional.empty();
    }

    private Optional<String> notOpen(String line) {
      if (settledBy.containsKey(line)) {
        return Optional.of(
            "statement line "
                + line
                + " is settled already ("
                + settledBy.get(line).result().status()
                + "): unmatch it first");
      }
      return Optional.of("no open statement line " + line);
    }

    private Optional<String> match(ManualAction a) {
      OpenExternal o = pending.get(a.line());
      if (o == null) {
        return notOpen(a.line());
      }
      ExternalLine l = o.line();
      Optional<String> differs = sameLine(a, l);
      if (differs.isPresent()) {
        return differs;
      }
      List<SettlingLine> lines = new ArrayList<>();
      if (a.lines().isEmpty()) {
        for (SettlingLine s : open.ofArtifact(a.to())) {
          if (s.currency().equals(l.currency())) {
            lines.add(s);
          }
        }
        if (lines.isEmpty()) {
          return Optional.of(
              "artifact " + a.to() + " has no open settling line in " + l.currency());
        }
      } else {
        for (String id : new java.util.TreeSet<>(a.lines())) {
          SettlingLine s = open.get(id);
          if (s == null || !s.artifactId().equals(a.to())) {
            return Optional.of("no open settling line " + id + " of artifact " + a.to());
          }
          if (!s.currency().equals(l.currency())) {
            return Optional.of(
                "settling line " + id + " is in " + s.currency() + ", not " + l.currency());
          }
          lines.add(s);
        }
      }
      Candidate c =
          new Candidate(
              List.of(l.eventId()),
              lines.stream().map(SettlingLine::eventId).toList(),
              List.of(a.to()),
              l.amount(),
              lines.stream().map(SettlingLine::amount).reduce(BigDecimal.ZERO, BigDecimal::add));
      MatchResult r =
          new MatchResult(l.eventId(), MatchStatus.MANUAL, MANUAL_RULE, null, c, List.of(), false);
      decide(r, a);
      lines.forEach(s -> settling.put(s.eventId(), s));
      settle(r, c, a);
      return Optional.empty();
    }

    private Optional<String> confirm(ManualAction a) {
      OpenExternal o = pending.get(a.line());
      if (o == null) {
        return notOpen(a.line());
      }
      Optional<String> differs = sameLine(a, o.line());
      if (differs.isPresent()) {
        return differs;
      }
      MatchResult last = o.last();
      if (last.status() != MatchStatus.SUGGESTED) {
        return Optional.of(
            "statement line "
                + a.line()
                + " is "
                + (o.held() ? "held for a manual match" : last.status().name())
                + ", not SUGGESTED: nothing to confirm");
      }
      if (last.candidates().size() != 1 || last.candidatesTruncated()) {
        return Optional.of(
            "statement line "
                + a.line()
                + " has "
                + (last.candidatesTruncated() ? "more than " : "")
                + last.candidates().size()
                + " candidates: choose one with recon match "
                + a.line()
                + " --to ARTIFACT --lines ID,...");
      }
      Candidate c = last.candidates().get(0);
      for (String id : c.externalEventIds()) {
        if (!pending.containsKey(id)) {
          return Optional.of("statement line " + id + " of the suggested split is no longer open");
        }
      }
      for (String id : c.settledEventIds()) {
        if (!open.contains(id)) {
          return Optional.of("settling line " + id + " of the suggestion is no longer open");
        }
        settling.put(id, open.get(id));
      }
      MatchResult first = null;
      for (String id : c.externalEventIds()) {
        MatchResult r =
            new MatchResult(id, MatchStatus.MANUAL, last.rule(), last.score(), c, List.of(), false);
        decide(r, a);
        first = first == null ? r : first;
      }
      settle(first, c, a);
      return Optional.empty();
    }

    private Optional<String> unmatch(ManualAction a) {
      Settled s = settledBy.get(a.line());
      if (s == null) {
        return Optional.of(
            pending.containsKey(a.line())
                ? "statement line " + a.line() + " is not settled: nothing to unmatch"
                : "no statement line " + a.line() + " was matched");
      }
      ExternalLine line =
          s.lines().stream().filter(l -> l.eventId().equals(a.line())).findFirst().orElseThrow();
      Optional<String> differs = sameLine(a, line);
      if (differs.isPresent()) {
        return differs;
      }
      for (SettlingLine l : s.settling()) {
        int n = reopened.merge(l.eventId(), 1, Integer::sum);
        instructions.add(reversal(batch, s, l, n, a));
        open.add(l);
        settling.put(l.eventId(), l);
      }
      for (ExternalLine l : s.lines()) {
        settledBy.remove(l.eventId());
        MatchResult held =
            new MatchResult(
                l.eventId(), MatchStatus.UNMATCHED, MANUAL_RULE, null, null, List.of(), false);
        pending.put(l.eventId(), new OpenExternal(l, batch, held, true));
        decide(held, a);
      }
      return Optional.empty();
    }

    private void decide(MatchResult r, ManualAction a) {
      decided.put(r.eventId(), r);
      decidedBy.put(r.eventId(), a);
    }

    /** Records an applied match and emits one instruction per settled line. */
    void settle(MatchResult r, Candidate c, ManualAction a) {
      List<ExternalLine> lines = new ArrayList<>();
      for (String id : c.externalEventIds()) {
        lines.add(pending.remove(id).line());
      }
      List<SettlingLine> settled = new ArrayList<>();
      for (String id : c.settledEventIds()) {
        SettlingLine l = settling.get(id);
        settled.add(l);
        open.remove(id); // (the matcher removed the lines it settled already)
        instructions.add(instruction(batch, r, c, lines, l, reopened.getOrDefault(id, 0), a));
      }
      Settled record = new Settled(lines, r, settled);
      lines.forEach(l -> settledBy.put(l.eventId(), record));
    }
  }

  /**
   * The settlement instruction for one settled line of an applied match: keyed by that line's
   * artifact, at the newest value date among the statement lines, with the rule, score, statement
   * lines and amounts as attributes, and for a manual one the actor, reason and action.
   *
   * @param reopened how many times a manual UNMATCH reopened the line before (its eventId)
   * @param action the manual action that applied it, or null for the rules
   */
  static Event instruction(
      long batch,
      MatchResult r,
      Candidate c,
      List<ExternalLine> lines,
      SettlingLine settled,
      int reopened,
      ManualAction action) {
    Instant at = lines.stream().map(ExternalLine::eventTime).max(Comparator.naturalOrder()).get();
    TreeMap<String, String> attributes = new TreeMap<>();
    attributes.put(ATTR_RULE, r.rule());
    if (r.score() != null) {
      attributes.put(ATTR_SCORE, r.score().toPlainString());
    }
    attributes.put(ATTR_STATEMENT_LINES, String.join(" ", c.externalEventIds()));
    attributes.put(ATTR_STATEMENT_AMOUNT, c.externalAmount().toPlainString());
    attributes.put(ATTR_SETTLED_LINE, settled.eventId());
    attributes.put(ATTR_SETTLED_AMOUNT, c.settledAmount().toPlainString());
    attributes.put(ATTR_MATCH_BATCH, Long.toString(batch));
    audit(attributes, action);
    return new Event(
        instructionId(settled.eventId(), reopened),
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
   * The reversal of a settlement a manual UNMATCH undoes: the same line's amount on the DEBIT side
   * (the settlement section subtracts it), at the time the action was given.
   *
   * @param n how many times the line has been reopened, this one included (1 the first time)
   */
  static Event reversal(long batch, Settled s, SettlingLine line, int n, ManualAction action) {
    TreeMap<String, String> attributes = new TreeMap<>();
    attributes.put(ATTR_RULE, s.result().rule());
    attributes.put(
        ATTR_STATEMENT_LINES,
        String.join(" ", s.lines().stream().map(ExternalLine::eventId).toList()));
    attributes.put(ATTR_SETTLED_LINE, line.eventId());
    attributes.put(ATTR_MATCH_BATCH, Long.toString(batch));
    attributes.put(ATTR_REVERSES, instructionId(line.eventId(), n - 1));
    audit(attributes, action);
    return new Event(
        prefixed("unsettle" + (n == 1 ? "" : Integer.toString(n)), line.eventId()),
        line.artifactId(),
        action.at(),
        SETTLEMENT,
        Side.DEBIT,
        line.amount(),
        line.currency(),
        INSTRUCTION_SOURCE,
        s.lines().get(0).eventId(),
        attributes);
  }

  private static void audit(TreeMap<String, String> attributes, ManualAction action) {
    if (action != null) {
      attributes.put(ATTR_ACTION, action.eventId());
      attributes.put(ManualAction.ATTR_ACTOR, action.actor());
      if (!action.reason().isEmpty()) {
        attributes.put(ManualAction.ATTR_REASON, action.reason());
      }
    }
  }

  /**
   * The eventId of the settlement instruction of line {@code settledEventId} after it was reopened
   * {@code reopened} times: {@code settle:<id>}, then {@code settle2:<id>}, {@code settle3:<id>}, …
   * (the digit before the colon keeps every form apart, so two lines never share one).
   */
  public static String instructionId(String settledEventId, int reopened) {
    return prefixed(
        "settle" + (reopened == 0 ? "" : Integer.toString(reopened + 1)), settledEventId);
  }

  /**
   * The eventId of the instruction settling line {@code settledEventId}: {@code settle:} and the
   * id, or, when that would pass the 128-code-point id limit, {@code settle#} and the SHA-256 of
   * the id (64 hex) — deterministic either way, so a rerun emits the same id.
   */
  public static String instructionId(String settledEventId) {
    return instructionId(settledEventId, 0);
  }

  private static String prefixed(String prefix, String settledEventId) {
    String plain = prefix + ":" + settledEventId;
    if (plain.codePointCount(0, plain.length()) <= 128) {
      return plain;
    }
    return prefix + "#" + sha256(settledEventId);
  }

  /** A hash of what a statement line says (every field), to tell a copy from a conflict. */
  public static String contentHash(ExternalLine e) {
    return contentHash(
        String.join(
            "\u0000",
            e.eventId(),
            e.source(),
            e.amount().toPlainString(),
            e.currency(),
            e.eventTime().toString(),
            e.reference()));
  }

  static String contentHash(String text) {
    return sha256(text).substring(0, 32);
  }

  private static String sha256(String s) {
    return RuleSets.sha256(s.getBytes(StandardCharsets.UTF_8));
  }
}
