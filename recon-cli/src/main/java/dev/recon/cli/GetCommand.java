package dev.recon.cli;

import dev.recon.core.error.InvalidIdException;
import dev.recon.core.query.ArtifactQuery;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "get",
    description = "Print the artifact of each ID. Exit 3 when an ID is unknown, 2 when malformed.")
final class GetCommand implements Callable<Integer> {
  @Mixin HomeOption home;

  @Option(
      names = "--json",
      description = "Print exactly the artifact JSON (DESIGN §4), one per line.")
  boolean json;

  @Parameters(arity = "1..*", paramLabel = "ID")
  List<String> ids;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    // Malformed ids are refused before the stack starts or any store is touched.
    for (String id : ids) {
      try {
        ArtifactQuery.validate(id, 128);
      } catch (InvalidIdException e) {
        spec.commandLine().getErr().println("recon get: " + e.getMessage());
        return Exit.USAGE;
      }
    }
    int exit = Exit.OK;
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    try (LocalSession session =
        LocalSession.openForReading(home.home(), "get").tenant(home.tenant())) {
      ArtifactQuery query = session.query();
      for (String id : ids) {
        Optional<ArtifactQuery.Lookup> found = query.lookup(id);
        if (found.isEmpty()) {
          spec.commandLine().getErr().println("recon get: unknown artifact " + id);
          exit = Exit.NOT_FOUND;
          continue;
        }
        if (json) {
          out.write(found.get().bytes(), 0, found.get().bytes().length);
          out.println();
        } else {
          out.println(Render.summary(found.get().artifact()));
        }
      }
    }
    return exit;
  }
}
