package dev.recon.core.match;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Two-sided matching of one batch of external lines against the open settling lines (DESIGN §9,
 * "Rule semantics"). Pure and deterministic: the result depends only on the rule set, the set of
 * external lines and the set of open lines, never on their order.
 *
 * <p><b>Order.</b> External lines are decided one at a time in eventId order. For each, the rules
 * are tried in the rule set's order; the first rule with any candidate decides: exactly one
 * candidate and {@code score >= autoConfirmScore} → MATCHED, exactly one and a lower score →
 * SUGGESTED, two or more → SUGGESTED with all of them (never MATCHED); no rule has one → UNMATCHED.
 * A MATCHED line's settling lines leave the open set at once (a settling line is settled at most
 * once), so a later external line cannot take them.
 *
 * <p><b>Candidates</b> of a rule for external line {@code e}: open settling lines {@code s} of
 * {@code e}'s currency with {@code |e.eventTime - s.eventTime| <= valueDateWindow}, whose artifact
 * id occurs in {@code e.reference} ({@code CONTAINS_ARTIFACT_ID}) or whose reference equals {@code
 * e.reference} ({@code EQUALS_LINE_REFERENCE}), and:
 *
 * <ul>
 *   <li>1:1: {@code s} alone, {@code within(e.amount, s.amount)};
 *   <li>1:N ({@code maxGroup}): a set of 2..maxGroup such lines with {@code within(e.amount, sum)}
 *       (the window holds for each member);
 *   <li>N:1 ({@code maxSplit}): one such {@code s} and 1..maxSplit-1 other external lines of the
 *       batch, of {@code e}'s source and currency, not yet decided (so after {@code e} in eventId
 *       order), each meeting the window and reference conditions with {@code s}, with {@code
 *       within(e.amount + their amounts, s.amount)}. A MATCHED split decides all its external
 *       lines; a SUGGESTED one only {@code e}.
 * </ul>
 *
 * <p><b>Cost.</b> Candidate look-up goes through {@link OpenItems}' indexes, so it grows with the
 * candidates found, not with all open lines. The subset search of a group or split rule enumerates
 * subsets of the reference-filtered pool {@code p} (group and split rules must use a reference) in
 * ascending amount order and cuts a branch as soon as its sum exceeds the tolerance's upper bound
 * (amounts are positive) or even its largest remaining lines cannot reach the lower bound: worst
 * case {@code Σ_{k=2..max} C(p, k)}, with {@code max <= 10} and {@code p} the lines of the
 * artifacts named in one reference (a few). It stops after {@link #CANDIDATE_LIMIT}{@code + 1}
 * candidates: by then the line is SUGGESTED anyway.
 */
public final class Matcher {
  /** At most this many candidates are listed for a SUGGESTED line. */
  public static final int CANDIDATE_LIMIT = 20;

  private static final Comparator<SettlingLine> BY_AMOUNT =
      Comparator.comparing(SettlingLine::amount).thenComparing(SettlingLine::eventId);
  private static final Comparator<ExternalLine> EXT_BY_AMOUNT =
      Comparator.comparing(ExternalLine::amount).thenComparing(ExternalLine::eventId);

  private final RuleSet rules;

  public Matcher(RuleSet rules) {
    this.rules = rules;
  }

  /**
   * Decides every line of {@code batch}, removing the settling lines of each MATCHED one from
   * {@code open} (which then holds what is still open).
   *
   * @return one result per external line, by eventId
   * @throws IllegalArgumentException if two external lines share an eventId
   */
  public List<MatchResult> match(List<ExternalLine> batch, OpenItems open) {
    return new Run(batch, open).run();
  }

  private final class Run {
    private final List<ExternalLine> lines;
    private final OpenItems open;
    private final Map<String, Integer> position = new HashMap<>();
    private final Map<String, MatchResult> decided = new HashMap<>();

    /** For split rules: external lines by the artifact ids in their reference / by reference. */
    private Map<String, List<Integer>> byArtifact;

    private Map<String, List<Integer>> byReference;

    /** Open lines of the artifacts named in the reference of the line being decided. */
    private List<SettlingLine> containedMemo;

    /** By position in {@link #lines}: decided already (so no longer a split partner). */
    private final boolean[] done;

    Run(List<ExternalLine> batch, OpenItems open) {
      this.lines = new ArrayList<>(batch);
      this.lines.sort(Comparator.comparing(ExternalLine::eventId));
      this.open = open;
      this.done = new boolean[lines.size()];
      for (int i = 0; i < lines.size(); i++) {
        if (position.put(lines.get(i).eventId(), i) != null) {
          throw new IllegalArgumentException(
              "two external lines with eventId " + lines.get(i).eventId());
        }
      }
    }

    List<MatchResult> run() {
      List<MatchResult> out = new ArrayList<>(lines.size());
      for (ExternalLine e : lines) {
        MatchResult r = decided.get(e.eventId());
        if (r == null) {
          r = decide(e);
        }
        out.add(r);
      }
      return out;
    }

    private MatchResult decide(ExternalLine e) {
      // the open set does not change while e is decided: look its reference up once
      containedMemo = null;
      for (MatchRule rule : rules.rules()) {
        Found found = new Found();
        if (rule.isGroup()) {
          groups(e, rule, found);
        } else if (rule.isSplit()) {
          splits(e, rule, found);
        } else {
          singles(e, rule, found);
        }
        if (found.list.isEmpty()) {
          continue;
        }
        List<Candidate> cands = new ArrayList<>(found.list);
        cands.sort(Candidate.ORDER);
        if (cands.size() == 1
            && !found.truncated
            && rule.score().compareTo(rules.autoConfirmScore()) >= 0) {
          Candidate c = cands.get(0);
          MatchResult m =
              new MatchResult(
                  e.eventId(), MatchStatus.MATCHED, rule.name(), rule.score(), c, List.of(), false);
          c.settledEventIds().forEach(open::remove);
          for (String ext : c.externalEventIds()) {
            done[position.get(ext)] = true;
            decided.put(
                ext,
                new MatchResult(
                    ext, MatchStatus.MATCHED, rule.name(), rule.score(), c, List.of(), false));
          }
          return m;
        }
        MatchResult s =
            new MatchResult(
                e.eventId(),
                MatchStatus.SUGGESTED,
                rule.name(),
                rule.score(),
                null,
                cands,
                found.truncated);
        decided.put(e.eventId(), s);
        done[position.get(e.eventId())] = true;
        return s;
      }
      MatchResult u = MatchResult.unmatched(e.eventId());
      decided.put(e.eventId(), u);
      done[position.get(e.eventId())] = true;
      return u;
    }

    /** Open lines meeting currency, window and reference conditions of {@code rule} with e. */
    private List<SettlingLine> referencePool(ExternalLine e, MatchRule rule) {
      List<SettlingLine> byRef;
      if (rule.reference() == ReferenceMode.CONTAINS_ARTIFACT_ID) {
        if (containedMemo == null) {
          containedMemo = open.byArtifactIdIn(e.reference());
        }
        byRef = containedMemo;
      } else {
        byRef = open.byReference(e.reference());
      }
      List<SettlingLine> out = new ArrayList<>();
      for (SettlingLine s : byRef) {
        if (s.currency().equals(e.currency())
            && inWindow(e.eventTime(), s.eventTime(), rule.valueDateWindow())) {
          out.add(s);
        }
      }
      return out;
    }

    private void singles(ExternalLine e, MatchRule rule, Found found) {
      List<SettlingLine> pool;
      if (rule.reference() == ReferenceMode.NONE) {
        AmountTolerance.Range r = rule.amount().internalRange(e.amount());
        pool = open.byAmount(e.currency(), r.lo(), r.hi(), e.eventTime(), rule.valueDateWindow());
      } else {
        pool = referencePool(e, rule);
      }
      for (SettlingLine s : pool) {
        if (rule.amount().within(e.amount(), s.amount())
            && !found.add(
                new Candidate(
                    List.of(e.eventId()),
                    List.of(s.eventId()),
                    List.of(s.artifactId()),
                    e.amount(),
                    s.amount()))) {
          return;
        }
      }
    }

    private void groups(ExternalLine e, MatchRule rule, Found found) {
      List<SettlingLine> pool = referencePool(e, rule);
      if (pool.size() < 2) {
        return;
      }
      pool.sort(BY_AMOUNT);
      AmountTolerance.Range range = rule.amount().internalRange(e.amount());
      BigDecimal[] tail = tailSums(pool.stream().map(SettlingLine::amount).toList());
      groupSearch(e, rule, pool, tail, range, 0, new ArrayList<>(), BigDecimal.ZERO, found);
    }

    /** Depth-first over subsets in ascending amount order; false once the search should stop. */
    private boolean groupSearch(
        ExternalLine e,
        MatchRule rule,
        List<SettlingLine> pool,
        BigDecimal[] tail,
        AmountTolerance.Range range,
        int from,
        List<SettlingLine> chosen,
        BigDecimal sum,
        Found found) {
      if (unreachable(tail, from, rule.maxGroup() - chosen.size(), sum, range)) {
        return true;
      }
      for (int i = from; i < pool.size(); i++) {
        SettlingLine s = pool.get(i);
        BigDecimal next = sum.add(s.amount());
        if (next.compareTo(range.hi()) > 0) {
          return true; // every later line is at least as large
        }
        chosen.add(s);
        if (chosen.size() >= 2 && rule.amount().within(e.amount(), next)) {
          List<String> ids = new ArrayList<>();
          List<String> arts = new ArrayList<>();
          for (SettlingLine c : chosen) {
            ids.add(c.eventId());
            arts.add(c.artifactId());
          }
          if (!found.add(new Candidate(List.of(e.eventId()), ids, arts, e.amount(), next))) {
            return false;
          }
        }
        if (chosen.size() < rule.maxGroup()
            && !groupSearch(e, rule, pool, tail, range, i + 1, chosen, next, found)) {
          return false;
        }
        chosen.remove(chosen.size() - 1);
      }
      return true;
    }

    private void splits(ExternalLine e, MatchRule rule, Found found) {
      int me = position.get(e.eventId());
      for (SettlingLine s : referencePool(e, rule)) {
        List<ExternalLine> partners = new ArrayList<>();
        List<Integer> positions = partnerCandidates(rule, s);
        // positions ascend: start after e
        int k = java.util.Collections.binarySearch(positions, me + 1);
        for (int j = k >= 0 ? k : -k - 1; j < positions.size(); j++) {
          int pos = positions.get(j);
          ExternalLine x = lines.get(pos);
          if (!done[pos]
              && x.source().equals(e.source())
              && x.currency().equals(s.currency())
              && inWindow(x.eventTime(), s.eventTime(), rule.valueDateWindow())
              && referenceMatches(rule, x, s)) {
            partners.add(x);
          }
        }
        if (partners.isEmpty()) {
          continue;
        }
        partners.sort(EXT_BY_AMOUNT);
        AmountTolerance.Range range = rule.amount().externalRange(s.amount());
        BigDecimal[] tail = tailSums(partners.stream().map(ExternalLine::amount).toList());
        List<ExternalLine> chosen = new ArrayList<>();
        chosen.add(e);
        if (!splitSearch(s, rule, partners, tail, range, 0, chosen, e.amount(), found)) {
          return;
        }
      }
    }

    private boolean splitSearch(
        SettlingLine s,
        MatchRule rule,
        List<ExternalLine> partners,
        BigDecimal[] tail,
        AmountTolerance.Range range,
        int from,
        List<ExternalLine> chosen,
        BigDecimal sum,
        Found found) {
      if (unreachable(tail, from, rule.maxSplit() - chosen.size(), sum, range)) {
        return true;
      }
      for (int i = from; i < partners.size(); i++) {
        ExternalLine x = partners.get(i);
        BigDecimal next = sum.add(x.amount());
        if (next.compareTo(range.hi()) > 0) {
          return true;
        }
        chosen.add(x);
        if (rule.amount().within(next, s.amount())) {
          List<String> ids = chosen.stream().map(ExternalLine::eventId).toList();
          if (!found.add(
              new Candidate(
                  ids, List.of(s.eventId()), List.of(s.artifactId()), next, s.amount()))) {
            return false;
          }
        }
        if (chosen.size() < rule.maxSplit()
            && !splitSearch(s, rule, partners, tail, range, i + 1, chosen, next, found)) {
          return false;
        }
        chosen.remove(chosen.size() - 1);
      }
      return true;
    }

    /**
     * Positions (ascending) of the external lines of the batch that might meet {@code rule}'s
     * reference condition with s. Built once per batch, from the open lines at that moment (lines
     * only leave the open set during a batch, so a later s was open then).
     */
    private List<Integer> partnerCandidates(MatchRule rule, SettlingLine s) {
      if (rule.reference() == ReferenceMode.CONTAINS_ARTIFACT_ID) {
        if (byArtifact == null) {
          byArtifact = new HashMap<>();
          for (int i = 0; i < lines.size(); i++) {
            Set<String> arts = new HashSet<>();
            for (SettlingLine l : open.byArtifactIdIn(lines.get(i).reference())) {
              arts.add(l.artifactId());
            }
            for (String a : arts) {
              byArtifact.computeIfAbsent(a, k -> new ArrayList<>()).add(i);
            }
          }
        }
        return byArtifact.getOrDefault(s.artifactId(), List.of());
      }
      if (byReference == null) {
        byReference = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
          String ref = lines.get(i).reference();
          if (!ref.isEmpty()) {
            byReference.computeIfAbsent(ref, k -> new ArrayList<>()).add(i);
          }
        }
      }
      return s.reference().isEmpty()
          ? List.of()
          : byReference.getOrDefault(s.reference(), List.of());
    }
  }

  /** {@code tail[i]} = the sum of {@code amounts[i..]} (ascending amounts). */
  private static BigDecimal[] tailSums(List<BigDecimal> amounts) {
    BigDecimal[] tail = new BigDecimal[amounts.size() + 1];
    tail[amounts.size()] = BigDecimal.ZERO;
    for (int i = amounts.size() - 1; i >= 0; i--) {
      tail[i] = tail[i + 1].add(amounts.get(i));
    }
    return tail;
  }

  /**
   * Whether even the largest {@code slots} amounts at or after {@code from} (in an ascending list,
   * the last ones) cannot lift {@code sum} to the range: then no subset below this node fits.
   */
  private static boolean unreachable(
      BigDecimal[] tail, int from, int slots, BigDecimal sum, AmountTolerance.Range range) {
    int n = tail.length - 1;
    int start = Math.max(from, n - slots);
    return sum.add(tail[start]).compareTo(range.lo()) < 0;
  }

  static boolean referenceMatches(MatchRule rule, ExternalLine x, SettlingLine s) {
    return switch (rule.reference()) {
      case NONE -> true;
      case CONTAINS_ARTIFACT_ID -> x.reference().contains(s.artifactId());
      case EQUALS_LINE_REFERENCE -> !x.reference().isEmpty() && x.reference().equals(s.reference());
    };
  }

  static boolean inWindow(Instant a, Instant b, Duration window) {
    return Duration.between(a, b).abs().compareTo(window) <= 0;
  }

  /** Candidates of one rule, stopping one past the limit. */
  private static final class Found {
    final List<Candidate> list = new ArrayList<>();
    boolean truncated;

    /** False when the search should stop (one more than the limit was found). */
    boolean add(Candidate c) {
      if (list.size() == CANDIDATE_LIMIT) {
        truncated = true;
        return false;
      }
      list.add(c);
      return true;
    }
  }
}
