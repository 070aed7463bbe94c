package dev.recon.cli;

import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.error.InvalidIdException;
import dev.recon.core.model.IndexEntry;
import dev.recon.core.query.ArtifactQuery;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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

  @Option(
      names = "--as-of",
      paramLabel = "TIME",
      description =
          "The version current at this event-time cut-off: the newest whose asOf is at or before"
              + " TIME (a walk of the history, never a recomputation); exit 3 when the artifact did"
              + " not exist yet.")
  Instant asOf;

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
        Optional<byte[]> found;
        if (asOf == null) {
          found = query.lookup(id).map(ArtifactQuery.Lookup::bytes);
        } else {
          Optional<IndexEntry> entry = query.entry(id);
          if (entry.isPresent()) {
            Optional<ArtifactQuery.Version> at = query.versionAt(entry.get().location(), asOf);
            if (at.isEmpty()) {
              spec.commandLine()
                  .getErr()
                  .println(
                      "recon get: artifact "
                          + id
                          + " did not exist yet at "
                          + asOf
                          + " (`recon history "
                          + id
                          + "` lists its versions)");
              exit = Exit.NOT_FOUND;
              continue;
            }
            found = Optional.of(query.bytesAt(at.get().location()));
          } else {
            found = Optional.empty();
          }
        }
        if (found.isEmpty()) {
          spec.commandLine().getErr().println("recon get: unknown artifact " + id);
          exit = Exit.NOT_FOUND;
          continue;
        }
        byte[] bytes = found.get();
        if (json) {
          out.write(bytes, 0, bytes.length);
          out.println();
        } else {
          out.println(Render.summary(CanonicalJson.decodeArtifact(bytes)));
        }
      }
    }
    return exit;
  }
}
