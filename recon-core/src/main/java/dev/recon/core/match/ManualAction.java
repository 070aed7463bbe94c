package dev.recon.core.match;

import dev.recon.core.model.Event;
import dev.recon.core.model.Side;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An accountant's instruction to matching (DESIGN §9, "manual"): {@code recon match}, {@code recon
 * unmatch} or {@code recon confirm}. It travels as an input event of source {@value
 * Event#MANUAL_SOURCE} in an object of its own ({@code recon-manual-<id>.jsonl}), so it is
 * validated, batched, recorded in the ledger, deduplicated by eventId and replayed like any input;
 * the matching stage of the batch that carries it applies it (or refuses it, with the reason) and
 * emits the settlement or reversal instructions, which reach the artifacts through the same
 * pipeline with the actor, reason and action on them.
 *
 * <p>The event: {@code type} the kind, {@code reference} the statement line's eventId, {@code
 * amount} and {@code currency} the statement line's as the actor saw them (the stage refuses an
 * action whose line says otherwise), {@code eventTime} when it was given, attributes {@code actor},
 * {@code reason}, and for MATCH {@code to} (the artifact) and optionally {@code lines} (its
 * settling lines' eventIds, separated by spaces; omitted: every open settling line of the artifact
 * in the line's currency).
 *
 * @param to the artifact of a MATCH; empty otherwise
 * @param lines the settling lines a MATCH names; empty: all open ones of {@code to}
 */
public record ManualAction(
    String eventId,
    Kind kind,
    String line,
    String to,
    List<String> lines,
    String actor,
    String reason,
    Instant at,
    BigDecimal amount,
    String currency) {

  public static final String ATTR_ACTOR = "actor";
  public static final String ATTR_REASON = "reason";
  public static final String ATTR_TO = "to";
  public static final String ATTR_LINES = "lines";

  /** What the accountant asks. */
  public enum Kind {
    /** Settle a statement line with settling lines of one artifact, whatever the rules say. */
    MATCH,
    /** Undo a MATCHED or MANUAL line: reverse its settlements and hold it for a manual match. */
    UNMATCH,
    /** Apply a SUGGESTED line's only candidate. */
    CONFIRM
  }

  public ManualAction {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(line, "line");
    to = to == null ? "" : to;
    lines = List.copyOf(lines);
    Objects.requireNonNull(actor, "actor");
    reason = reason == null ? "" : reason;
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(currency, "currency");
  }

  /**
   * What is wrong with a {@value Event#MANUAL_SOURCE} event's fields, or empty when it is a
   * well-formed action (the input validator's check, so a malformed action is quarantined with this
   * reason, never half applied).
   */
  public static Optional<String> problem(
      String type, String reference, Map<String, String> attributes) {
    Kind kind;
    try {
      kind = Kind.valueOf(type);
    } catch (IllegalArgumentException e) {
      return Optional.of("a manual instruction's type must be MATCH, UNMATCH or CONFIRM");
    }
    if (reference.isBlank()) {
      return Optional.of("a manual instruction names its statement line in reference");
    }
    if (attributes.getOrDefault(ATTR_ACTOR, "").isBlank()) {
      return Optional.of("a manual instruction names its actor (attribute actor)");
    }
    if (kind != Kind.CONFIRM && attributes.getOrDefault(ATTR_REASON, "").isBlank()) {
      return Optional.of("a manual " + kind + " gives its reason (attribute reason)");
    }
    if (kind == Kind.MATCH && attributes.getOrDefault(ATTR_TO, "").isBlank()) {
      return Optional.of("a manual MATCH names its artifact (attribute to)");
    }
    if (kind != Kind.MATCH
        && (attributes.containsKey(ATTR_TO) || attributes.containsKey(ATTR_LINES))) {
      return Optional.of("only a manual MATCH names an artifact or lines");
    }
    return Optional.empty();
  }

  /** The action an accepted {@value Event#MANUAL_SOURCE} event carries. */
  public static ManualAction of(Event e) {
    if (!Event.MANUAL_SOURCE.equals(e.source())) {
      throw new IllegalArgumentException("not a manual instruction: " + e.eventId());
    }
    Map<String, String> a = e.attributes();
    Optional<String> problem = problem(e.type(), e.reference(), a);
    if (problem.isPresent()) {
      throw new IllegalArgumentException(e.eventId() + ": " + problem.get());
    }
    String lines = a.getOrDefault(ATTR_LINES, "").strip();
    return new ManualAction(
        e.eventId(),
        Kind.valueOf(e.type()),
        e.reference(),
        a.get(ATTR_TO),
        lines.isEmpty() ? List.of() : Arrays.asList(lines.split("\\s+")),
        a.get(ATTR_ACTOR),
        a.get(ATTR_REASON),
        e.eventTime(),
        e.amount(),
        e.currency());
  }

  /** This action as the input event the CLI lands (unkeyed: it goes to matching). */
  public Event toEvent() {
    TreeMap<String, String> a = new TreeMap<>();
    a.put(ATTR_ACTOR, actor);
    if (!reason.isEmpty()) {
      a.put(ATTR_REASON, reason);
    }
    if (kind == Kind.MATCH) {
      a.put(ATTR_TO, to);
      if (!lines.isEmpty()) {
        a.put(ATTR_LINES, String.join(" ", lines));
      }
    }
    return new Event(
        eventId, "", at, kind.name(), Side.CREDIT, amount, currency, Event.MANUAL_SOURCE, line, a);
  }

  /** A hash of what the action says, to tell a re-sent copy from a different action. */
  String contentHash() {
    return MatchStep.contentHash(
        String.join(
            "\u0000",
            eventId,
            kind.name(),
            line,
            to,
            String.join(" ", lines),
            actor,
            reason,
            at.toString(),
            amount.toPlainString(),
            currency));
  }

  /** How the action is shown: {@code MATCH stmt-17 to order-9 (p1 p2) by alice: reason}. */
  public String describe() {
    StringBuilder b =
        new StringBuilder(kind.name().toLowerCase(Locale.ROOT)).append(' ').append(line);
    if (kind == Kind.MATCH) {
      b.append(" to ").append(to);
      if (!lines.isEmpty()) {
        b.append(" (").append(String.join(" ", lines)).append(')');
      }
    }
    b.append(" by ").append(actor);
    if (!reason.isEmpty()) {
      b.append(": ").append(reason);
    }
    return b.toString();
  }
}
