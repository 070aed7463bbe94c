package dev.recon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recon.runtime.LocalLambda;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "complete", description = "Is the window [from, to) fully reflected in the artifacts? Exit 0 if so, 4 if not (with the missing batches).")
final class CompleteCommand implements Callable<Integer> {
  static final int INCOMPLETE = 4;

  @Mixin HomeOption home;

  @Option(names = "--from", required = true, paramLabel = "TIME")
  Instant from;

  @Option(names = "--to", required = true, paramLabel = "TIME")
  Instant to;

  @Override
  public Integer call() throws Exception {
    if (!from.isBefore(to)) {
      System.err.println("recon complete: --from must be before --to");
      return Exit.USAGE;
    }
    try (LocalSession session = LocalSession.open(home.home())) {
      ObjectMapper m = new ObjectMapper();
      LocalLambda backlog = LocalLambda.backlog(session.clients());
      backlog.call(m.createObjectNode().put("action", "sweep"));
      JsonNode r = backlog.call(m.createObjectNode().put("action", "completeness")
          .put("from", from.toString()).put("to", to.toString()));
      System.out.println(m.writerWithDefaultPrettyPrinter().writeValueAsString(r));
      return r.path("complete").asBoolean() ? Exit.OK : INCOMPLETE;
    }
  }
}
