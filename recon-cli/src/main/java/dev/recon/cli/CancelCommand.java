package dev.recon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recon.runtime.LocalLambda;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "cancel",
    description =
        "Cancel a batch that has not succeeded: it is not processed, and its inputs can be planned again.")
final class CancelCommand implements Callable<Integer> {
  enum Kind {
    stateless,
    stateful
  }

  @Mixin HomeOption home;

  @Option(
      names = "--kind",
      defaultValue = "stateless",
      description = "stateless or stateful (default ${DEFAULT-VALUE}).")
  Kind kind;

  @Option(names = "--reason", defaultValue = "cancelled from the command line")
  String reason;

  @Parameters(paramLabel = "BATCH")
  long batch;

  @Override
  public Integer call() throws Exception {
    try (LocalSession session =
        LocalSession.openExisting(home.home(), "cancel").tenant(home.tenant())) {
      ObjectMapper m = new ObjectMapper();
      JsonNode r =
          LocalLambda.backlog(session.clients())
              .call(
                  m.createObjectNode()
                      .put("action", "cancel")
                      .put("kind", kind.name().toUpperCase())
                      .put("batch", batch)
                      .put("reason", reason));
      System.out.println(m.writeValueAsString(r));
    }
    return Exit.OK;
  }
}
