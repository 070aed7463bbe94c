package dev.recon.cli;

import dev.recon.core.model.ArtifactStatus;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.rules.StatusRule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * OPEN and AGED artifacts, oldest first. An artifact's stored status is as of its own batch; an
 * artifact nothing touched since may have aged, so the status is evaluated again at {@code --as-of}
 * (default: now) with the same rule.
 */
@Command(name = "report", description = "OPEN and AGED artifacts with balances, oldest first.")
final class ReportCommand implements Callable<Integer> {
  private record Row(ReconciliationArtifact artifact, ArtifactStatus status) {}

  @Mixin HomeOption home;

  @Option(names = "--as-of", paramLabel = "TIME", description = "Evaluate aging at this instant (default: now).")
  Instant asOf;

  @Override
  public Integer call() {
    Instant at = asOf != null ? asOf : Instant.now();
    try (LocalSession session = LocalSession.openForReading(home.home(), "report")) {
      List<Row> open = new ArrayList<>();
      for (ReconciliationArtifact a : AllArtifacts.all(session.clients())) {
        Instant when = at.isAfter(a.asOf()) ? at : a.asOf();
        ArtifactStatus s = StatusRule.evaluate(a.balances(), a.firstEventTime(), when, session.settings().rules());
        if (s != ArtifactStatus.RECONCILED) {
          open.add(new Row(a, s));
        }
      }
      open.sort(Comparator.comparing((Row r) -> r.artifact().firstEventTime())
          .thenComparing(r -> r.artifact().artifactId()));
      System.out.printf("%d unreconciled artifact(s) as of %s%n", open.size(), at);
      for (Row r : open) {
        System.out.printf("%-7s %s%n", r.status(), Render.summary(r.artifact()));
      }
    }
    return Exit.OK;
  }
}
