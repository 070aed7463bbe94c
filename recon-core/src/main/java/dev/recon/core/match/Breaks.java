package dev.recon.core.match;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The open items of two-sided matching at a point in time (DESIGN §9, {@code recon breaks}): a pure
 * function of the state the latest matched batch left, the rule set it matched with and an as-of
 * time, so the same arguments list the same breaks.
 *
 * <ul>
 *   <li>every statement line still open ({@code EXTERNAL}), whatever its age, with the reason of
 *       its latest decision: {@code NO_CANDIDATE} (no rule had one), {@code AMBIGUOUS} (two or
 *       more, or more than were listed), {@code BELOW_AUTO_CONFIRM} (one, from a rule scored below
 *       {@code autoConfirmScore}: it waits for {@code recon confirm}), {@code UNMATCHED_BY_HAND} (a
 *       manual unmatch undid its match; it waits for {@code recon match});
 *   <li>every open settling line ({@code SETTLING}) whose value date is older than the widest
 *       value-date window of the rules ({@code UNSETTLED}): a statement line dated inside its
 *       window could still settle a younger one, so it is not a break yet.
 * </ul>
 *
 * <p>Age is whole days from the line's {@code eventTime} (its value date) to {@code asOf}, never
 * negative; the bucket is the first of the rule set's {@code agingBuckets} the age does not pass,
 * named by its days ({@code 0-7}, {@code 8-30}, …), or {@code >N} past the last one.
 */
public final class Breaks {
  public static final String NO_CANDIDATE = "NO_CANDIDATE";
  public static final String AMBIGUOUS = "AMBIGUOUS";
  public static final String BELOW_AUTO_CONFIRM = "BELOW_AUTO_CONFIRM";
  public static final String UNSETTLED = "UNSETTLED";
  public static final String UNMATCHED_BY_HAND = "UNMATCHED_BY_HAND";

  private Breaks() {}

  /** Which side an open item is on. */
  public enum Kind {
    EXTERNAL,
    SETTLING
  }

  /**
   * One open item.
   *
   * @param artifactId the settling line's artifact; null for a statement line
   * @param candidates a SUGGESTED statement line's candidates; else empty
   */
  public record Item(
      Kind kind,
      String eventId,
      String artifactId,
      String source,
      BigDecimal amount,
      String currency,
      Instant eventTime,
      long ageDays,
      String bucket,
      String reason,
      List<Candidate> candidates) {
    public Item {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(eventId, "eventId");
      candidates = List.copyOf(candidates);
    }
  }

  /** Amount and number of items of one bucket and currency. */
  public record Total(String bucket, String currency, long items, BigDecimal amount) {}

  /** The open items after {@code state} as of {@code asOf}: statement lines first, by eventId. */
  public static List<Item> of(MatchStep.State state, RuleSet rules, Instant asOf) {
    List<Item> out = new ArrayList<>();
    for (MatchStep.OpenExternal o : state.openExternal()) {
      ExternalLine l = o.line();
      long age = ageDays(l.eventTime(), asOf);
      out.add(
          new Item(
              Kind.EXTERNAL,
              l.eventId(),
              null,
              l.source(),
              l.amount(),
              l.currency(),
              l.eventTime(),
              age,
              bucket(age, rules.agingBuckets()),
              reason(o.last()),
              o.last().candidates()));
    }
    Duration window =
        rules.rules().stream()
            .map(MatchRule::valueDateWindow)
            .max(Comparator.naturalOrder())
            .orElse(Duration.ZERO);
    for (SettlingLine l : state.openSettling()) {
      if (!l.eventTime().plus(window).isBefore(asOf)) {
        continue;
      }
      long age = ageDays(l.eventTime(), asOf);
      out.add(
          new Item(
              Kind.SETTLING,
              l.eventId(),
              l.artifactId(),
              null,
              l.amount(),
              l.currency(),
              l.eventTime(),
              age,
              bucket(age, rules.agingBuckets()),
              UNSETTLED,
              List.of()));
    }
    return out;
  }

  /** Why a statement line is still open, from its latest decision. */
  public static String reason(MatchResult last) {
    if (last.status() == MatchStatus.UNMATCHED && MatchStep.MANUAL_RULE.equals(last.rule())) {
      return UNMATCHED_BY_HAND;
    }
    if (last.status() == MatchStatus.UNMATCHED) {
      return NO_CANDIDATE;
    }
    if (last.candidates().size() > 1 || last.candidatesTruncated()) {
      return AMBIGUOUS;
    }
    return BELOW_AUTO_CONFIRM;
  }

  /** Whole days from {@code from} to {@code asOf}; 0 when {@code from} is later. */
  public static long ageDays(Instant from, Instant asOf) {
    return Math.max(0, Duration.between(from, asOf).toDays());
  }

  /** The bucket of an age: {@code 0-7}, {@code 8-30}, …, {@code >90} for the default bounds. */
  public static String bucket(long ageDays, List<Duration> bounds) {
    long lower = 0;
    for (Duration b : bounds) {
      long upper = b.toDays();
      if (ageDays <= upper) {
        return lower + "-" + upper;
      }
      lower = upper + 1;
    }
    return ">" + (lower - 1);
  }

  /** Every bucket's name in order, the last one open-ended. */
  public static List<String> bucketNames(List<Duration> bounds) {
    List<String> names = new ArrayList<>();
    long lower = 0;
    for (Duration b : bounds) {
      names.add(lower + "-" + b.toDays());
      lower = b.toDays() + 1;
    }
    names.add(">" + (lower - 1));
    return names;
  }

  /**
   * Items and amount per kind, bucket and currency, in bucket order then currency: keys {@code
   * EXTERNAL}, {@code SETTLING}.
   */
  public static Map<Kind, List<Total>> totals(List<Item> items, List<Duration> bounds) {
    Map<Kind, List<Total>> out = new TreeMap<>();
    List<String> order = bucketNames(bounds);
    for (Kind k : Kind.values()) {
      TreeMap<String, TreeMap<String, Total>> byBucket = new TreeMap<>();
      for (Item i : items) {
        if (i.kind() != k) {
          continue;
        }
        byBucket
            .computeIfAbsent(i.bucket(), b -> new TreeMap<>())
            .merge(
                i.currency(),
                new Total(i.bucket(), i.currency(), 1, i.amount()),
                (a, b) ->
                    new Total(a.bucket(), a.currency(), a.items() + 1, a.amount().add(b.amount())));
      }
      List<Total> totals = new ArrayList<>();
      for (String b : order) {
        if (byBucket.containsKey(b)) {
          totals.addAll(byBucket.get(b).values());
        }
      }
      out.put(k, totals);
    }
    return out;
  }
}
