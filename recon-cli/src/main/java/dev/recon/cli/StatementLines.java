package dev.recon.cli;

import dev.recon.core.config.RulesConfig;
import dev.recon.core.match.ExternalLine;
import dev.recon.core.match.RuleSet;
import dev.recon.core.model.Event;
import dev.recon.core.rules.EventValidator;
import dev.recon.core.rules.LineVerdict;
import dev.recon.core.tenant.TenantId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Statement lines from JSON Lines text, for {@code recon rules test}, read by the pipeline's own
 * {@link EventValidator} with the rule set's external sources: a line the reducer would quarantine
 * is reported as {@code file:line: REASON: detail}, a valid line of a source the rule set does not
 * declare external as {@code file:line: source: ...}, and both are left out; a second line with an
 * eventId already read is a duplicate, left out and counted. So the dry run accepts exactly what a
 * run would match.
 */
final class StatementLines {
  /** The lines read, the problems, and the duplicates left out. */
  public record Parsed(List<ExternalLine> lines, List<String> errors, long duplicates) {}

  private StatementLines() {}

  public static Parsed parse(
      String file, List<String> text, RuleSet rules, RulesConfig limits, TenantId tenant) {
    EventValidator validator =
        new EventValidator(limits, tenant, new HashSet<>(rules.externalSources()));
    List<ExternalLine> out = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    long duplicates = 0;
    for (int i = 0; i < text.size(); i++) {
      String raw = text.get(i);
      if (raw.isBlank()) {
        continue;
      }
      String where = file + ":" + (i + 1) + ": ";
      LineVerdict v = validator.validate(file, i + 1, raw);
      if (!v.accepted()) {
        errors.add(where + v.quarantine().reason() + ": " + v.quarantine().detail());
        continue;
      }
      Event e = v.event();
      if (!validator.isExternal(e)) {
        errors.add(
            where
                + "source: "
                + (e.source().isEmpty() ? "(none)" : e.source())
                + " is not one of the rule set's externalSources "
                + rules.externalSources());
        continue;
      }
      if (!seen.add(e.eventId())) {
        duplicates++;
        continue;
      }
      out.add(
          new ExternalLine(
              e.eventId(), e.source(), e.amount(), e.currency(), e.eventTime(), e.reference()));
    }
    return new Parsed(out, errors, duplicates);
  }
}
