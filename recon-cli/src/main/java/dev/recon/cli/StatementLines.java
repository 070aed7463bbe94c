package dev.recon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recon.core.match.ExternalLine;
import dev.recon.core.match.RuleSet;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Statement lines from JSON Lines text, for {@code recon rules test}: the fields of DESIGN §3 the
 * matcher reads ({@code eventId}, {@code source}, {@code amount} as a decimal string, {@code
 * currency}, {@code eventTime}, optional {@code reference}); {@code artifactId} may be absent. A
 * line that is not one is reported as {@code file:line: field: message} and left out; a second line
 * with an eventId already read is a duplicate, left out and counted.
 */
final class StatementLines {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The lines read, the problems, and the duplicates left out. */
  public record Parsed(List<ExternalLine> lines, List<String> errors, long duplicates) {}

  private StatementLines() {}

  public static Parsed parse(String file, List<String> text, RuleSet rules) {
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
      JsonNode n;
      try {
        n = JSON.readTree(raw);
      } catch (Exception e) {
        errors.add(where + "line: not a JSON object");
        continue;
      }
      if (n == null || !n.isObject()) {
        errors.add(where + "line: not a JSON object");
        continue;
      }
      Optional<String> problem = Optional.empty();
      String eventId = text(n, "eventId");
      String source = text(n, "source");
      String amountText = text(n, "amount");
      String currency = text(n, "currency");
      String time = text(n, "eventTime");
      JsonNode ref = n.get("reference");
      BigDecimal amount = null;
      Instant eventTime = null;
      if (eventId == null || eventId.isEmpty()) {
        problem = Optional.of("eventId: a non-empty string is required");
      } else if (source == null) {
        problem = Optional.of("source: a string is required");
      } else if (!rules.isExternalSource(source)) {
        problem =
            Optional.of(
                "source: "
                    + source
                    + " is not one of the rule set's externalSources "
                    + rules.externalSources());
      } else if (amountText == null) {
        problem = Optional.of("amount: a decimal string is required");
      } else if (currency == null || !currency.matches("[A-Z]{3}")) {
        problem = Optional.of("currency: three capital letters are required (ISO 4217)");
      } else if (time == null) {
        problem = Optional.of("eventTime: an ISO-8601 instant is required");
      } else if (ref != null && !ref.isNull() && !ref.isTextual()) {
        problem = Optional.of("reference: must be a string");
      }
      if (problem.isEmpty()) {
        try {
          amount = new BigDecimal(amountText);
          if (amount.signum() <= 0) {
            problem = Optional.of("amount: must be positive on a statement line");
          }
        } catch (NumberFormatException e) {
          problem = Optional.of("amount: " + amountText + " is not a decimal number");
        }
      }
      if (problem.isEmpty()) {
        try {
          eventTime = Instant.parse(time);
        } catch (DateTimeParseException e) {
          problem = Optional.of("eventTime: " + time + " is not an ISO-8601 instant");
        }
      }
      if (problem.isPresent()) {
        errors.add(where + problem.get());
        continue;
      }
      if (!seen.add(eventId)) {
        duplicates++;
        continue;
      }
      out.add(
          new ExternalLine(
              eventId,
              source,
              amount,
              currency,
              eventTime,
              ref == null || ref.isNull() ? "" : ref.asText()));
    }
    return new Parsed(out, errors, duplicates);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v != null && v.isTextual() ? v.asText() : null;
  }
}
