package dev.recon.cli;

import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.error.InvalidIdException;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.query.ArtifactQuery;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "history",
    description = "Earlier versions of an artifact, newest first (a walk of ranged GETs).")
final class HistoryCommand implements Callable<Integer> {
  @Mixin HomeOption home;

  @Option(names = "--json", description = "One artifact JSON per line.")
  boolean json;

  @Option(
      names = "--max",
      defaultValue = "100",
      description = "Most versions to show (default ${DEFAULT-VALUE}).")
  int max;

  @Parameters(paramLabel = "ID")
  String id;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    try {
      ArtifactQuery.validate(id, 128);
    } catch (InvalidIdException e) {
      spec.commandLine().getErr().println("recon history: " + e.getMessage());
      return Exit.USAGE;
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    try (LocalSession session =
        LocalSession.openForReading(home.home(), "history").tenant(home.tenant())) {
      List<ReconciliationArtifact> versions = session.query().history(id, max);
      if (versions.isEmpty()) {
        spec.commandLine().getErr().println("recon history: unknown artifact " + id);
        return Exit.NOT_FOUND;
      }
      for (ReconciliationArtifact a : versions) {
        if (json) {
          byte[] b = CanonicalJson.encode(a);
          out.write(b, 0, b.length);
          out.println();
        } else {
          out.println(Render.summary(a));
        }
      }
    }
    return Exit.OK;
  }
}
