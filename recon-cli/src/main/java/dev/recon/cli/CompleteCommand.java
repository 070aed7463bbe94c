package dev.recon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recon.core.watermark.Watermarks;
import dev.recon.runtime.LocalLambda;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "complete",
    description = {
      "Is the window [from, to) fully reflected in the artifacts (--from/--to: the ledger)? Or is everything "
          + "up to event time T (--through: the ledger AND every source's watermark, max event time minus the "
          + "allowed lateness, at or after T)?",
      "Prints the answer as JSON. Exit 0 if complete, 4 if not (with what is missing), 2 on bad usage."
    })
final class CompleteCommand implements Callable<Integer> {
  static final int INCOMPLETE = Exit.INCOMPLETE;

  @Mixin HomeOption home;

  @Option(names = "--from", paramLabel = "TIME", description = "Window start (with --to).")
  Instant from;

  @Option(names = "--to", paramLabel = "TIME", description = "Window end (with --from).")
  Instant to;

  @Option(
      names = "--through",
      paramLabel = "TIME",
      description =
          "Complete through event time T: inputs with windowEnd <= T reflected, and watermarks >= T.")
  Instant through;

  @Option(
      names = "--source",
      paramLabel = "NAME",
      description =
          "With --through: check this source's watermark only (default: every known source).")
  String source;

  @Option(
      names = "--allowed-lateness",
      paramLabel = "DURATION",
      description =
          "With --through: ISO-8601 duration, e.g. PT30M (default: the configured RECON_ALLOWED_LATENESS, PT1H).")
  String allowedLateness;

  @Override
  public Integer call() throws Exception {
    ObjectMapper m = new ObjectMapper();
    ObjectNode request = m.createObjectNode().put("action", "completeness");
    if (through != null) {
      if (from != null || to != null) {
        return usage("give either --through or --from and --to, not both");
      }
      request.put("through", through.toString());
      if (allowedLateness != null) {
        try {
          Watermarks.requireAllowedLateness(Duration.parse(allowedLateness));
        } catch (DateTimeParseException | IllegalArgumentException e) {
          return usage(
              "--allowed-lateness must be an ISO-8601 duration from PT0S to "
                  + Watermarks.ALLOWED_LATENESS_MAX
                  + ", such as PT30M: "
                  + allowedLateness);
        }
        request.put("allowedLateness", allowedLateness);
      }
      if (source != null) {
        request.put("source", source);
      }
    } else {
      if (from == null || to == null) {
        return usage("give --through TIME, or --from TIME and --to TIME");
      }
      if (source != null || allowedLateness != null) {
        return usage("--source and --allowed-lateness go with --through");
      }
      if (!from.isBefore(to)) {
        return usage("--from must be before --to");
      }
      request.put("from", from.toString()).put("to", to.toString());
    }
    try (LocalSession session =
        LocalSession.openForReading(home.home(), "complete").tenant(home.tenant())) {
      LocalLambda backlog = LocalLambda.backlog(session.clients());
      backlog.call(m.createObjectNode().put("action", "sweep"));
      JsonNode r = backlog.call(request);
      System.out.println(m.writerWithDefaultPrettyPrinter().writeValueAsString(r));
      return r.path("complete").asBoolean() ? Exit.OK : INCOMPLETE;
    }
  }

  private static int usage(String message) {
    System.err.println("recon complete: " + message);
    return Exit.USAGE;
  }
}
