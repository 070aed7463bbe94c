package dev.recon.core.match;

import dev.recon.core.model.Line;
import dev.recon.core.model.ReconciliationArtifact;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code recon rules test}: what a rule set would do to statement lines against the settling lines
 * of stored artifacts, applying nothing. Every settling line of the artifacts counts as open (no
 * settlement is stored yet); a line of a settling type with an amount that is not positive cannot
 * be settled and is left out, counted.
 */
public final class DryRun {
  private DryRun() {}

  /** Matched and suggested lines of one rule. */
  public record RuleCounts(String rule, long matched, long suggested) {}

  /**
   * The outcome: per rule in the rule set's order, the unmatched lines, and how many settling lines
   * were open.
   *
   * @param results one per statement line, by eventId (what a {@code matches} export would list)
   */
  public record Summary(
      List<RuleCounts> rules,
      long statementLines,
      long matched,
      long suggested,
      long unmatched,
      long openSettlingLines,
      long unsettleableLines,
      List<MatchResult> results) {

    /** Matched over statement lines; 0 when there are none. */
    public double matchRate() {
      return statementLines == 0 ? 0 : (double) matched / statementLines;
    }
  }

  /**
   * Every settling line of {@code artifacts} that {@code rules} names and a statement could settle
   * (a positive amount); the rest of its settling lines are counted.
   */
  private record Open(List<SettlingLine> lines, long unsettleable) {
    static Open of(RuleSet rules, Iterable<ReconciliationArtifact> artifacts) {
      List<SettlingLine> open = new ArrayList<>();
      long unsettleable = 0;
      for (ReconciliationArtifact a : artifacts) {
        java.util.Set<String> settled = MatchInputs.settled(a);
        for (Line l : a.lines()) {
          if (!MatchInputs.isSettling(l, rules.settling()) || settled.contains(l.eventId())) {
            continue; // not a settling line, or already settled by a matching instruction
          }
          if (l.amount().signum() <= 0) {
            unsettleable++;
            continue;
          }
          open.add(MatchInputs.settlingLine(a, l));
        }
      }
      return new Open(open, unsettleable);
    }
  }

  public static Summary run(
      RuleSet rules, List<ExternalLine> statement, Iterable<ReconciliationArtifact> artifacts) {
    Objects.requireNonNull(rules, "rules");
    Open open = Open.of(rules, artifacts);
    List<MatchResult> results = new Matcher(rules).match(statement, new OpenItems(open.lines()));
    Map<String, long[]> byRule = new LinkedHashMap<>();
    rules.rules().forEach(r -> byRule.put(r.name(), new long[2]));
    long matched = 0;
    long suggested = 0;
    long unmatched = 0;
    for (MatchResult r : results) {
      switch (r.status()) {
        case MATCHED -> {
          matched++;
          byRule.get(r.rule())[0]++;
        }
        case SUGGESTED -> {
          suggested++;
          byRule.get(r.rule())[1]++;
        }
        default -> unmatched++;
      }
    }
    List<RuleCounts> counts = new ArrayList<>();
    byRule.forEach((name, c) -> counts.add(new RuleCounts(name, c[0], c[1])));
    return new Summary(
        counts,
        statement.size(),
        matched,
        suggested,
        unmatched,
        open.lines().size(),
        open.unsettleable(),
        results);
  }
}
